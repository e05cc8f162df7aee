using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Cli.Deploy;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// Every SQL text the CLI sends to ops.DeploymentHistory parses, names only columns the table has in the shape it is
/// sent to (the build's v1.2 table, or v1.1.0's), and binds parameters of the column's type and size.
/// </summary>
public sealed class DeploymentHistorySqlTests
{
    private static readonly string LegacyDacpac = Path.Combine(RepoPaths.Snapshots, "v1.1.0", "PlatformDb.Sql.dacpac");

    public static TheoryData<string, string> Texts => new()
    {
        { "v1.2", DeploymentHistory.InsertSql },
        { "v1.2", DeploymentHistory.MarkCompletedSql },
        { "v1.2", DeploymentHistory.MarkFailedSql },
        { "v1.2", DeploymentHistory.ReadSchemaAppliedAtSql },
        { "v1.2", DeploymentHistory.SelectSql(HistoryShape.WithStatus) },
        { "v1.2", DeploymentHistory.LegacyInsertSql },
        { "v1.1.0", DeploymentHistory.LegacyInsertSql },
        { "v1.1.0", DeploymentHistory.SelectSql(HistoryShape.Legacy) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Each_text_parses_and_names_only_columns_of_the_table_it_is_sent_to(string shape, string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Message)));
        var columns = Columns(shape == "v1.2" ? RepoPaths.BuiltDacpac : LegacyDacpac).Keys;

        var visitor = new ColumnNames();
        fragment.Accept(visitor);

        Assert.NotEmpty(visitor.Names);
        Assert.All(visitor.Names, name => Assert.Contains(name, columns));
    }

    [Fact]
    public void Insert_parameters_have_the_type_and_size_of_their_columns()
    {
        var columns = Columns(RepoPaths.BuiltDacpac);
        using var connection = new SqlConnection();
        using var insert = DeploymentHistory.Insert(connection, "1.2.0", "rollback", new string('a', 64), DeploymentStatus.SchemaApplied, true, "m");
        using var legacy = DeploymentHistory.LegacyInsert(connection, "1.2.0", "rollback", new string('a', 64));
        var bound = new Dictionary<string, string>
        {
            ["@Version"] = "Version", ["@Action"] = "Action", ["@Sha256"] = "DacpacSha256", ["@ToolVersion"] = "ToolVersion",
            ["@Status"] = "Status", ["@Message"] = "Message",
        };

        foreach (var parameter in insert.Parameters.Cast<SqlParameter>().Concat(legacy.Parameters.Cast<SqlParameter>()).Where(p => bound.ContainsKey(p.ParameterName)))
        {
            var (type, length) = columns[bound[parameter.ParameterName]];
            Assert.Equal((type, length), (parameter.SqlDbType.ToString().ToLowerInvariant(), parameter.Size));
        }
    }

    /// <summary>ops.DeploymentHistory's columns in a dacpac: name, then SQL type name and length.</summary>
    private static Dictionary<string, (string Type, int Length)> Columns(string dacpac)
    {
        using var model = TSqlModel.LoadFromDacpac(dacpac, new ModelLoadOptions());
        var table = model.GetObject(ModelSchema.Table, new ObjectIdentifier("ops", "DeploymentHistory"), DacQueryScopes.UserDefined)
            ?? throw new InvalidOperationException($"{dacpac} has no ops.DeploymentHistory");
        return table.GetReferenced(Table.Columns).ToDictionary(
            c => c.Name.Parts[^1],
            c => (c.GetReferenced(Column.DataType).Single().Name.Parts[^1].ToLowerInvariant(), c.GetProperty<int>(Column.Length)),
            StringComparer.Ordinal);
    }

    /// <summary>Column names in INSERT column lists, SET clauses and column references.</summary>
    private sealed class ColumnNames : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { } name)
            {
                Names.Add(name.Identifiers[^1].Value);
            }
        }
    }
}
