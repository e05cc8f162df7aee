using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>
/// T-SQL rules for the usage tables that can be seen without a server, over every script of the repository (schema,
/// post-deployment, test data): no TRUNCATE of a table under an indexed view, no DATETRUNC, no DATA_COMPRESSION on the
/// partitioned objects, and QUOTED_IDENTIFIER ON in every loose script that touches them. Each rule also flags a
/// small script that breaks it.
/// </summary>
public sealed partial class UsageScriptRuleTests
{
    public static TheoryData<string> AllScripts => new(SqlScripts.All().Concat(TestDataScripts()));

    [Theory]
    [MemberData(nameof(AllScripts))]
    public void No_script_truncates_a_table_under_an_indexed_view(string file) =>
        Assert.Empty(TruncatesOfViewTables(Read(file)).Select(t => $"{file}: TRUNCATE TABLE {t} (refused while an indexed view references it; purge by SWITCH)"));

    [Theory]
    [MemberData(nameof(AllScripts))]
    public void No_script_uses_datetrunc_or_date_bucket(string file) =>
        Assert.Empty(NondeterministicBuckets(Read(file)).Select(f => $"{file}: {f} is nondeterministic; use DATEADD/DATEDIFF from a fixed epoch"));

    [Theory]
    [MemberData(nameof(AllScripts))]
    public void Loose_script_that_touches_a_usage_table_sets_quoted_identifier_on(string file)
    {
        // Modules carry the setting they were created with (checked on the model); loose scripts run with the session's.
        if (file.StartsWith("PlatformDb.Sql/", StringComparison.Ordinal))
        {
            return;
        }

        var text = Read(file);
        Assert.True(!TouchesUsageTables(text) || SetsQuotedIdentifierOn(text),
            $"{file} writes or reads usage tables; add SET QUOTED_IDENTIFIER ON (classic sqlcmd defaults it to OFF without -I)");
    }

    [Fact]
    public void No_usage_or_storage_script_compresses_a_partitioned_index()
    {
        var offending = SqlScripts.All()
            .Where(f => f.StartsWith("PlatformDb.Sql/usage/", StringComparison.Ordinal) || f.StartsWith("PlatformDb.Sql/Storage/", StringComparison.Ordinal))
            .Where(f => DataCompression().IsMatch(StripComments(Read(f))))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Rules_flag_a_truncate_a_datetrunc_and_a_usage_script_without_quoted_identifier()
    {
        const string script = """
            INSERT INTO [usage].[UsageEvent] ([HourBucket]) SELECT DATETRUNC(HOUR, SYSUTCDATETIME());
            TRUNCATE TABLE [usage].[UsageEvent];
            TRUNCATE TABLE usage.UsageEventPurge;
            TRUNCATE TABLE [usage].[UsageEventStaging];
            """;

        Assert.Equal(["usage.UsageEvent", "usage.UsageEventPurge"], TruncatesOfViewTables(script));
        Assert.Equal(["DATETRUNC"], NondeterministicBuckets(script));
        Assert.True(TouchesUsageTables(script));
        Assert.False(SetsQuotedIdentifierOn(script));
        Assert.True(SetsQuotedIdentifierOn("SET QUOTED_IDENTIFIER ON;\n" + script));
    }

    private static readonly string[] TablesUnderIndexedViews = ["usage.UsageEvent", "usage.UsageEventPurge"];

    private static IEnumerable<string> TestDataScripts() =>
        Directory.EnumerateFiles(RepoPaths.TestData, "*.sql", SearchOption.AllDirectories)
            .Select(p => "TestData/" + Path.GetRelativePath(RepoPaths.TestData, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static string Read(string file) =>
        file.StartsWith("TestData/", StringComparison.Ordinal)
            ? File.ReadAllText(Path.Combine(RepoPaths.TestData, file["TestData/".Length..]))
            : SqlScripts.Read(file);

    private static List<string> TruncatesOfViewTables(string text)
    {
        var visitor = new Visitor();
        SqlScripts.Parse(text).Fragment.Accept(visitor);
        return visitor.Truncated.Where(t => TablesUnderIndexedViews.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static List<string> NondeterministicBuckets(string text)
    {
        var visitor = new Visitor();
        SqlScripts.Parse(text).Fragment.Accept(visitor);
        return visitor.Functions.Where(f => f is "DATETRUNC" or "DATE_BUCKET").Distinct().ToList();
    }

    private static bool TouchesUsageTables(string text)
    {
        var visitor = new Visitor();
        SqlScripts.Parse(text).Fragment.Accept(visitor);
        return visitor.Tables.Any(t => TablesUnderIndexedViews.Contains(t, StringComparer.OrdinalIgnoreCase)) ||
               visitor.Procedures.Any(p => p.StartsWith("usage.", StringComparison.OrdinalIgnoreCase));
    }

    private static bool SetsQuotedIdentifierOn(string text)
    {
        var visitor = new Visitor();
        SqlScripts.Parse(text).Fragment.Accept(visitor);
        return visitor.QuotedIdentifierOn;
    }

    private static string StripComments(string text) => LineComment().Replace(BlockComment().Replace(text, ""), "");

    [GeneratedRegex(@"DATA_COMPRESSION", RegexOptions.IgnoreCase)]
    private static partial Regex DataCompression();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    private sealed class Visitor : TSqlFragmentVisitor
    {
        public List<string> Truncated { get; } = [];

        public List<string> Functions { get; } = [];

        public List<string> Tables { get; } = [];

        public List<string> Procedures { get; } = [];

        public bool QuotedIdentifierOn { get; private set; }

        public override void Visit(TruncateTableStatement node) => Truncated.Add(Name(node.TableName));

        public override void Visit(FunctionCall node) => Functions.Add(node.FunctionName.Value.ToUpperInvariant());

        public override void Visit(NamedTableReference node) => Tables.Add(Name(node.SchemaObject));

        public override void Visit(ExecutableProcedureReference node)
        {
            if (node.ProcedureReference?.ProcedureReference?.Name is { } name)
            {
                Procedures.Add(Name(name));
            }
        }

        public override void Visit(PredicateSetStatement node)
        {
            if (node.Options.HasFlag(SetOptions.QuotedIdentifier))
            {
                QuotedIdentifierOn = node.IsOn;
            }
        }

        private static string Name(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";
    }
}
