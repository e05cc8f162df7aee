using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>Every T-SQL file parses, and procedures and post-deployment scripts follow the house rules.</summary>
public sealed partial class ScriptTests
{
    public static TheoryData<string> SqlFiles => new(SqlScripts.All());

    public static TheoryData<string> ProcedureFiles => new(SqlScripts.Procedures());

    [Theory]
    [MemberData(nameof(SqlFiles))]
    public void Script_parses_as_sql_server_2022(string file)
    {
        var (_, errors) = SqlScripts.Parse(SqlScripts.Read(file));

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{file}({e.Line},{e.Column}): {e.Message}")));
    }

    [Theory]
    [MemberData(nameof(ProcedureFiles))]
    public void Procedure_starts_with_nocount_and_xact_abort(string file)
    {
        var (fragment, _) = SqlScripts.Parse(SqlScripts.Read(file));
        var procedure = Assert.Single(((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<CreateProcedureStatement>());

        var leading = procedure.StatementList.Statements.Take(2).OfType<PredicateSetStatement>()
            .Where(s => s.IsOn).Aggregate(SetOptions.None, (all, s) => all | s.Options);

        Assert.True(leading.HasFlag(SetOptions.NoCount) && leading.HasFlag(SetOptions.XactAbort),
            $"{file} must begin with SET NOCOUNT ON; SET XACT_ABORT ON;");
    }

    [Fact]
    public void Every_thrown_error_number_is_documented()
    {
        var documented = File.ReadAllText(Path.Combine(RepoPaths.Docs, "errors.md"));
        var thrown = SqlScripts.All()
            .SelectMany(file => ThrowNumbers(SqlScripts.Read(file)).Select(n => (file, n)))
            .ToList();

        Assert.NotEmpty(thrown);
        Assert.Empty(thrown.Where(t => !documented.Contains($"| {t.n} |", StringComparison.Ordinal))
            .Select(t => $"{t.file} throws {t.n}, which docs/errors.md does not list"));
    }

    [Fact]
    public void Post_deployment_entry_only_includes_scripts_that_exist()
    {
        var entry = Path.Combine(RepoPaths.PostDeploy, "Script.PostDeployment.sql");
        var statements = File.ReadAllLines(entry).Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal))
            .ToList();

        var code = StripBlockComments(string.Join('\n', statements)).Split('\n').Where(l => l.Trim().Length > 0).ToList();
        var includes = code.Select(l => IncludeLine().Match(l)).ToList();

        Assert.NotEmpty(includes);
        Assert.All(includes, m => Assert.True(m.Success, $"Only :r includes belong in the entry file: '{m.Value}'"));
        Assert.All(includes, m => Assert.True(File.Exists(Path.Combine(RepoPaths.PostDeploy, m.Groups["path"].Value)),
            $"{m.Groups["path"].Value} does not exist"));
    }

    [Fact]
    public void Dev_seed_runs_only_when_its_sqlcmd_variable_says_so()
    {
        var seeds = Directory.EnumerateFiles(Path.Combine(RepoPaths.PostDeploy, "DevSeed"), "*.sql").ToList();

        Assert.NotEmpty(seeds);
        Assert.All(seeds, seed =>
        {
            var (fragment, errors) = SqlScripts.Parse(File.ReadAllText(seed));
            Assert.Empty(errors);
            var topLevel = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements)
                .Where(s => s is not PredicateSetStatement and not SetVariableStatement and not DeclareVariableStatement)
                .ToList();
            var guard = Assert.IsType<IfStatement>(Assert.Single(topLevel));
            Assert.Contains("$(SeedDevData)", ScriptOf(guard.Predicate), StringComparison.Ordinal);
        });
    }

    private static IEnumerable<int> ThrowNumbers(string text)
    {
        var (fragment, _) = SqlScripts.Parse(text);
        var visitor = new ThrowVisitor();
        fragment.Accept(visitor);
        return visitor.Numbers;
    }

    private static string ScriptOf(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text));

    private static string StripBlockComments(string text) => BlockComment().Replace(text, string.Empty);

    [GeneratedRegex(@"^:r\s+(?<path>\S+)\s*$")]
    private static partial Regex IncludeLine();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    private sealed class ThrowVisitor : TSqlFragmentVisitor
    {
        public List<int> Numbers { get; } = [];

        public override void Visit(ThrowStatement node)
        {
            if (node.ErrorNumber is IntegerLiteral literal)
            {
                Numbers.Add(int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
