using System.Data;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Usage;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>The C# side's SQL (columns, types, procedures, parameters) against the contract in docs/analytics.md §1.</summary>
public sealed partial class UsageSqlContractTests
{
    private static readonly string Contract = File.ReadAllText(Path.Combine(RepoPaths.Docs, "analytics.md"));

    private static readonly UsageEvent Sample = new(7, "req-1", 71, null, 3, new DateTime(2026, 3, 1, 10, 5, 0, 123, DateTimeKind.Utc),
        100, 50, 10, 900, 200, 200, null, """{"feature":"chat"}""");

    /// <summary>The rows of the column table under the bold heading of <paramref name="table"/>: name → (type, nullable).</summary>
    private static Dictionary<string, (string Type, bool Nullable)> ContractColumns(string table)
    {
        var start = Contract.IndexOf($"**`{table}`**", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{table} is not in docs/analytics.md");
        var columns = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var line in Contract[start..].Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 4 || !cells[1].StartsWith('`'))
            {
                continue;
            }

            var type = cells[2].Trim('`').Split('`')[0].Replace(" ", "", StringComparison.Ordinal);
            foreach (Match name in Code().Matches(cells[1]))
            {
                columns[name.Groups[1].Value] = (type, cells[3] == "yes");
            }
        }

        return columns;
    }

    [Fact]
    public void The_loader_maps_every_staging_column_of_the_contract_but_the_identity_and_the_default_with_its_type()
    {
        var contract = ContractColumns("usage.UsageEventStaging");
        var mapped = UsageSql.StagingColumns(Guid.Empty);

        Assert.Equal(
            contract.Keys.Except(["StagingRowId", "StagedAt"]).Order(StringComparer.Ordinal),
            mapped.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(mapped, c =>
        {
            Assert.Equal(contract[c.Name].Type, c.TypeText);
            Assert.Equal(contract[c.Name].Nullable, c.Nullable);
        });
    }

    [Fact]
    public void The_bulk_copy_maps_by_name_streams_in_batches_and_takes_no_table_lock()
    {
        using var connection = new SqlConnection();
        using var bulkCopy = UsageBulkLoader.CreateBulkCopy(connection);

        Assert.Equal(UsageSql.StagingTable, bulkCopy.DestinationTableName);
        Assert.True(bulkCopy.EnableStreaming);
        Assert.Equal(UsageBulkLoader.BatchSize, bulkCopy.BatchSize);
        var mappings = bulkCopy.ColumnMappings.Cast<SqlBulkCopyColumnMapping>().ToList();
        Assert.All(mappings, m => Assert.Equal(m.SourceColumn, m.DestinationColumn));
        Assert.Equal(UsageSql.StagingColumns(Guid.Empty).Select(c => c.Name), mappings.Select(m => m.DestinationColumn));
        // SqlBulkCopyOptions are not readable back from SqlBulkCopy: the loader passes Default (no TableLock) by name.
        Assert.DoesNotContain("TableLock", File.ReadAllText(Path.Combine(RepoPaths.Root, "PlatformDb.Cli", "Usage", "UsageBulkLoader.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_yields_one_staging_row_per_event_in_mapping_order_with_nulls_as_DBNull()
    {
        var batchId = Guid.NewGuid();
        using var reader = new UsageEventDataReader([Sample, Sample with { RequestId = "req-2", TimeToFirstTokenMs = null }], UsageSql.StagingColumns(batchId));

        Assert.True(reader.Read());
        Assert.Equal(batchId, reader.GetValue(reader.GetOrdinal("BatchId")));
        Assert.Equal(7, reader.GetValue(reader.GetOrdinal("OrganizationId")));
        Assert.Equal(Sample.OccurredAt, reader.GetValue(reader.GetOrdinal("OccurredAt")));
        Assert.Equal((short)200, reader.GetValue(reader.GetOrdinal("StatusCode")));
        Assert.Equal(DBNull.Value, reader.GetValue(reader.GetOrdinal("UserId")));
        Assert.True(reader.IsDBNull(reader.GetOrdinal("ErrorClass")));
        Assert.True(reader.Read());
        Assert.True(reader.IsDBNull(reader.GetOrdinal("TimeToFirstTokenMs")));
        Assert.False(reader.Read());
        Assert.Equal(2, reader.RowsRead);
    }

    [Fact]
    public void The_table_type_rows_have_the_contract_s_columns_in_its_order()
    {
        var contract = Regex.Match(Contract, @"\*\*`usage\.UsageEventList`\*\*: (.+?) \(this column order\)", RegexOptions.Singleline).Groups[1].Value;
        var expected = Regex.Matches(contract, @"`(\w+) ([A-Z0-9(), ]+?) (NOT NULL|NULL)[^`]*`")
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value.Replace(" ", "", StringComparison.Ordinal)} {m.Groups[3].Value}")
            .ToList();
        Assert.Equal(14, expected.Count);

        var record = UsageSql.EventList([Sample]).Single();
        var actual = Enumerable.Range(0, record.FieldCount).Select(i =>
        {
            var name = record.GetName(i);
            var column = UsageSql.EventColumns.SingleOrDefault(c => c.Name == name);
            return column is null ? $"{name} INT NOT NULL" : $"{name} {column.TypeText} {(column.Nullable ? "NULL" : "NOT NULL")}";
        }).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(1, record.GetInt32(0));
    }

    [Fact]
    public void RecordUsageEvent_is_called_with_the_contract_s_parameters_and_types()
    {
        var contract = Regex.Match(Contract, @"\| `usage\.RecordUsageEvent` \| `([^`]+)`").Groups[1].Value
            .Split(',').Select(p => p.Trim().Replace(" ", ":", StringComparison.Ordinal)).ToList();

        using var command = UsageSql.RecordOne(new SqlConnection(), Sample);

        Assert.Equal(CommandType.StoredProcedure, command.CommandType);
        Assert.Equal(UsageSql.RecordUsageEvent, command.CommandText);
        var actual = command.Parameters.Cast<SqlParameter>().Select(p => $"{p.ParameterName}:{TypeText(p)}").ToList();
        Assert.Equal(contract, actual);
        Assert.Equal(DBNull.Value, command.Parameters["@UserId"].Value);
    }

    [Fact]
    public void RecordUsageEvent_refuses_an_overlong_string_instead_of_letting_SqlParameter_Size_truncate_it()
    {
        // SqlParameter.Size cuts a longer string without an error; a request id cut to 64 characters would be another
        // request's idempotency key, so the command is never built.
        var longId = new string('r', 65);

        var thrown = Assert.Throws<ArgumentException>(() => UsageSql.RecordOne(new SqlConnection(), Sample with { RequestId = longId }));
        Assert.Contains("RequestId", thrown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => UsageSql.RecordOne(new SqlConnection(), Sample with { ErrorClass = new string('e', 33) }));
        using var atLimit = UsageSql.RecordOne(new SqlConnection(), Sample with { RequestId = new string('r', 64) });
        Assert.Equal(new string('r', 64), atLimit.Parameters["@RequestId"].Value);
        Assert.Equal(8000, atLimit.Parameters["@RequestId"].Size);
    }

    [Fact]
    public void RecordUsageEvents_and_MoveStagedUsageEvents_are_called_with_the_contract_s_parameters()
    {
        using var connection = new SqlConnection();
        using var many = UsageSql.RecordMany(connection, 7, [Sample]);
        using var move = UsageSql.MoveStaged(connection, 7, Guid.Empty);

        Assert.Matches(@"\| `usage\.RecordUsageEvents` \| `@OrganizationId INT, @Events usage\.UsageEventList READONLY`", Contract);
        Assert.Equal(UsageSql.RecordUsageEvents, many.CommandText);
        Assert.Equal(["@OrganizationId:INT", "@Events:STRUCTURED"], many.Parameters.Cast<SqlParameter>().Select(p => $"{p.ParameterName}:{TypeText(p)}"));
        Assert.Equal(UsageSql.EventListType, many.Parameters["@Events"].TypeName);

        Assert.Matches(@"\| `usage\.MoveStagedUsageEvents` \| `@OrganizationId INT, @BatchId UNIQUEIDENTIFIER`", Contract);
        Assert.Equal(UsageSql.MoveStagedUsageEvents, move.CommandText);
        Assert.Equal(CommandType.StoredProcedure, move.CommandType);
        Assert.Equal(["@OrganizationId:INT", "@BatchId:UNIQUEIDENTIFIER"], move.Parameters.Cast<SqlParameter>().Select(p => $"{p.ParameterName}:{TypeText(p)}"));
    }

    [Fact]
    public void The_result_set_columns_the_reader_asks_for_are_in_the_contract()
    {
        var resultSet = Regex.Match(Contract, "ordered by `RowNumber`:\\s*`([^`]+)`", RegexOptions.Singleline).Groups[1].Value;
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "PlatformDb.Cli", "Usage", "UsageSql.cs"));
        var asked = Regex.Matches(source, "GetOrdinal\\(\"(\\w+)\"\\)").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(6, asked.Count);
        Assert.All(asked, name => Assert.Contains(name + " ", resultSet, StringComparison.Ordinal));
    }

    private static string TypeText(SqlParameter p) => p.SqlDbType switch
    {
        SqlDbType.VarChar or SqlDbType.NVarChar => $"{p.SqlDbType.ToString().ToUpperInvariant()}({p.Size})",
        SqlDbType.DateTime2 => $"DATETIME2({p.Scale})",
        _ => p.SqlDbType.ToString().ToUpperInvariant(),
    };

    [GeneratedRegex("`(\\w+)`")]
    private static partial Regex Code();
}
