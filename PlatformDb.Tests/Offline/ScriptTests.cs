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

    [Theory]
    [MemberData(nameof(ProcedureFiles))]
    public void Procedure_that_rolls_back_also_sets_a_savepoint(string file) =>
        Assert.Empty(RollbackWithoutSavepoint(SqlScripts.Read(file)).Select(problem => $"{file}: {problem}"));

    [Theory]
    [MemberData(nameof(ProcedureFiles))]
    public void Procedure_throws_only_with_xact_abort_off(string file) =>
        Assert.Empty(ThrowsUnderXactAbort(SqlScripts.Read(file)).Select(problem => $"{file}: {problem}"));

    [Fact]
    public void Savepoint_rule_flags_a_rollback_without_savepoint_and_a_bare_rollback_outside_the_own_transaction_branch()
    {
        var noSavepoint = "CREATE PROCEDURE [a].[P] AS SET NOCOUNT ON; BEGIN TRANSACTION; IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION [P];";
        var bare = """
            CREATE PROCEDURE [a].[P] AS SET NOCOUNT ON; DECLARE @TranCount INT = @@TRANCOUNT;
            IF @TranCount = 0 BEGIN TRANSACTION; ELSE SAVE TRANSACTION [P];
            ROLLBACK TRANSACTION;
            """;
        var good = """
            CREATE PROCEDURE [a].[P] AS SET NOCOUNT ON; DECLARE @TranCount INT = @@TRANCOUNT;
            IF @TranCount = 0 BEGIN TRANSACTION; ELSE SAVE TRANSACTION [P];
            IF @TranCount = 0 ROLLBACK TRANSACTION; ELSE ROLLBACK TRANSACTION [P];
            """;

        Assert.Single(RollbackWithoutSavepoint(noSavepoint));
        Assert.Single(RollbackWithoutSavepoint(bare));
        Assert.Empty(RollbackWithoutSavepoint(good));
    }

    [Fact]
    public void Xact_abort_rule_flags_a_throw_under_xact_abort_on_and_accepts_one_after_off()
    {
        var bad = "CREATE PROCEDURE [a].[P] AS SET NOCOUNT ON; SET XACT_ABORT ON; IF 1 = 1 BEGIN SET XACT_ABORT OFF; END; THROW 50000, N'x', 1;";
        var good = "CREATE PROCEDURE [a].[P] AS SET NOCOUNT ON; SET XACT_ABORT ON; IF 1 = 1 BEGIN SET XACT_ABORT OFF; DECLARE @m NVARCHAR(10) = N'x'; THROW 50000, @m, 1; END;";

        Assert.Single(ThrowsUnderXactAbort(bad));
        Assert.Empty(ThrowsUnderXactAbort(good));
    }

    [Fact]
    public void Dev_seed_runs_only_in_dev_or_test_and_otherwise_only_prints_that_it_refused()
    {
        var seed = Path.Combine(RepoPaths.PostDeploy, "DevSeed", "DevSeed.sql");
        var (fragment, errors) = SqlScripts.Parse(File.ReadAllText(seed));
        Assert.Empty(errors);

        var guard = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<IfStatement>().Single();
        var predicate = ScriptOf(guard.Predicate);

        Assert.Contains("N'$(SeedDevData)' = N'true'", predicate, StringComparison.Ordinal);
        Assert.Contains("N'$(Environment)' IN (N'dev', N'test')", predicate, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", predicate, StringComparison.OrdinalIgnoreCase);
        var refusal = Assert.IsType<IfStatement>(guard.ElseStatement);
        Assert.Contains("$(SeedDevData)", ScriptOf(refusal.Predicate), StringComparison.Ordinal);
        Assert.IsType<PrintStatement>(refusal.ThenStatement);
        Assert.Null(refusal.ElseStatement);
    }

    [Fact]
    public void Mark_schema_applied_runs_first_and_only_moves_a_started_newest_row()
    {
        var entry = File.ReadAllLines(Path.Combine(RepoPaths.PostDeploy, "Script.PostDeployment.sql"))
            .Select(l => l.Trim()).Where(l => l.StartsWith(":r", StringComparison.Ordinal)).ToList();
        var script = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Ops", "MarkSchemaApplied.sql"));
        var (fragment, errors) = SqlScripts.Parse(script);

        Assert.Equal(":r ./Ops/MarkSchemaApplied.sql", entry[0]);
        Assert.Empty(errors);
        var update = Assert.Single(((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<UpdateStatement>());
        var where = ScriptOf(update.UpdateSpecification.WhereClause);
        Assert.Contains("[h].[Status] = 'started'", where, StringComparison.Ordinal);
        Assert.Contains("MAX([n].[DeploymentId])", where, StringComparison.Ordinal);
        Assert.Contains("SET QUOTED_IDENTIFIER", script.Replace("ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER", "SET QUOTED_IDENTIFIER", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_backfill_locks_api_keys_against_writers_before_it_touches_the_scope_rows()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Migrations", "ApiKeyScopeBackfill.sql"));
        var (fragment, errors) = SqlScripts.Parse(script);

        Assert.Empty(errors);
        var statements = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).ToList();
        var begin = statements.FindIndex(s => s is BeginTransactionStatement);
        var firstScopeWrite = statements.FindIndex(s => s is DeleteStatement or InsertStatement && ScriptOf(s).Contains("[identity].[ApiKeyScope]", StringComparison.Ordinal));
        var tableLock = statements.FindIndex(s => s is SelectStatement && ScriptOf(s).Contains("[identity].[ApiKey] AS [k] WITH (TABLOCK, HOLDLOCK)", StringComparison.Ordinal));
        Assert.True(begin >= 0 && tableLock > begin && tableLock < firstScopeWrite,
            "ApiKeyScopeBackfill must take a held shared table lock on identity.ApiKey inside its transaction before it writes identity.ApiKeyScope");
    }

    private static IEnumerable<string> RollbackWithoutSavepoint(string text)
    {
        var (fragment, _) = SqlScripts.Parse(text);
        var visitor = new TransactionVisitor();
        fragment.Accept(visitor);
        if (visitor.Rollbacks > 0 && visitor.Savepoints == 0)
        {
            yield return "ROLLBACK without SAVE TRANSACTION: inside a caller's transaction it would roll back the caller's work too";
        }

        foreach (var line in visitor.BareRollbackLinesWithoutTranCountBranch)
        {
            yield return $"line {line}: a bare ROLLBACK TRANSACTION must be the branch taken only when the procedure began the transaction";
        }
    }

    /// <summary>Walks each statement list in order; a THROW counts as safe only after SET XACT_ABORT OFF in its own or an enclosing list.</summary>
    private static IEnumerable<string> ThrowsUnderXactAbort(string text)
    {
        var (fragment, _) = SqlScripts.Parse(text);
        var problems = new List<string>();
        foreach (var procedure in ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<CreateProcedureStatement>())
        {
            Walk(procedure.StatementList.Statements, xactAbortOff: false, problems);
        }

        return problems;
    }

    private static void Walk(IEnumerable<TSqlStatement> statements, bool xactAbortOff, List<string> problems)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case PredicateSetStatement set when set.Options.HasFlag(SetOptions.XactAbort):
                    xactAbortOff = !set.IsOn;
                    break;
                case ThrowStatement thrown when !xactAbortOff:
                    problems.Add($"line {thrown.StartLine}: THROW under XACT_ABORT ON rolls back the caller's transaction; SET XACT_ABORT OFF first");
                    break;
                case BeginEndBlockStatement block:
                    Walk(block.StatementList.Statements, xactAbortOff, problems);
                    break;
                case IfStatement branch:
                    Walk([branch.ThenStatement], xactAbortOff, problems);
                    if (branch.ElseStatement is not null)
                    {
                        Walk([branch.ElseStatement], xactAbortOff, problems);
                    }

                    break;
                case WhileStatement loop:
                    Walk([loop.Statement], xactAbortOff, problems);
                    break;
                case TryCatchStatement tryCatch:
                    Walk(tryCatch.TryStatements.Statements, xactAbortOff, problems);
                    Walk(tryCatch.CatchStatements.Statements, xactAbortOff, problems);
                    break;
                default:
                    break;
            }
        }
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

    private sealed class TransactionVisitor : TSqlFragmentVisitor
    {
        private readonly List<RollbackTransactionStatement> bareRollbacks = [];
        private readonly HashSet<RollbackTransactionStatement> ownTransactionRollbacks = [];

        public int Rollbacks { get; private set; }

        public int Savepoints { get; private set; }

        /// <summary>Bare ROLLBACKs not written as "IF @TranCount = 0 ROLLBACK TRANSACTION;" (the procedure began the transaction).</summary>
        public IEnumerable<int> BareRollbackLinesWithoutTranCountBranch =>
            bareRollbacks.Where(r => !ownTransactionRollbacks.Contains(r)).Select(r => r.StartLine);

        public override void Visit(RollbackTransactionStatement node)
        {
            Rollbacks++;
            if (node.Name is null)
            {
                bareRollbacks.Add(node);
            }
        }

        public override void Visit(SaveTransactionStatement node) => Savepoints++;

        public override void Visit(IfStatement node)
        {
            if (node.ThenStatement is RollbackTransactionStatement { Name: null } rollback &&
                ScriptOf(node.Predicate).Replace(" ", string.Empty, StringComparison.Ordinal).Equals("@TranCount=0", StringComparison.OrdinalIgnoreCase))
            {
                ownTransactionRollbacks.Add(rollback);
            }
        }
    }

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
