using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>A case file the generator leaves out, and why.</summary>
public sealed record ExcludedInputCase(InputCaseKind Kind, string Name, string Reason);

/// <summary>
/// Turns every TestData/BadInput and GoodInput case into one tSQLt test of class InputCaseTests, so the case files stay
/// the single source of truth for constraints (issue 15). It lives in the test project, next to <see cref="InputCase"/>
/// (the one parser of the case headers), because it is test tooling: the shipped CLI knows nothing of test cases.
/// Regenerate with <c>PLATFORMDB_REGENERATE_TSQLT=1 dotnet test</c> (the staleness test then writes the file).
/// </summary>
/// <remarks>
/// tSQLt facts the generated code relies on (tSQLt-org/tSQLt Source/Run_Methods.sql, Private_RunTest): each test runs
/// between <c>BEGIN TRAN; SAVE TRAN</c> and <c>ROLLBACK TRAN</c> to that savepoint; an expected exception is matched
/// with <c>ERROR_MESSAGE() LIKE @ExpectedMessagePattern</c> and <c>ERROR_NUMBER() = @ExpectedErrorNumber</c>; an
/// unexpected error under ExpectNoException is a Failure; an expectation left NULL is not compared (the comparisons are
/// <c>IF(ERROR_NUMBER() &lt;&gt; @ExpectedErrorNumber)</c>, unknown for NULL). tSQLt.Fail (Source/tSQLt.Fail.ssp.sql)
/// concatenates @Message0..@Message9 and first repairs an uncommittable transaction, so it can report after a dooming
/// error. The pinned release 1.0.8083.3529 has the same logic in Private_RunTest_TestExecution.
/// </remarks>
public static class InputCaseTestsGenerator
{
    public const string ClassName = "InputCaseTests";

    public const string RegenerateVariable = "PLATFORMDB_REGENERATE_TSQLT";

    /// <summary>The longest name SQL Server accepts for a procedure (sysname).</summary>
    public const int MaxProcedureNameLength = 128;

    public static string RelativePath => $"PlatformDb.Tests/tSQLt/Generated/{ClassName}.sql";

    public static string FullPath => Path.Combine(RepoPaths.Root, RelativePath);

    public static string RegenerateHint =>
        $"{RelativePath} is stale: run '{RegenerateVariable}=1 dotnet test' and commit it.";

    /// <summary>The generated file for the case files in the build output's TestData.</summary>
    public static string Render() => Render(
        InputCase.All(InputCaseKind.BadInput).Concat(InputCase.All(InputCaseKind.GoodInput)).ToList(),
        out _);

    public static string Render(IReadOnlyList<InputCase> cases, out IReadOnlyList<ExcludedInputCase> excluded)
    {
        var left = new List<ExcludedInputCase>();
        var text = new StringBuilder();
        text.Append("-- Generated from PlatformDb.Tests/TestData/BadInput and GoodInput: do not edit.\n");
        text.Append($"-- Regenerate: {RegenerateVariable}=1 dotnet test (see PlatformDb.Tests/tSQLt/README.md).\n");
        text.Append("-- A bad case expects its error number, or an error naming its constraint or index (or an '-- expect-or:'\n");
        text.Append("-- alternative); a good case expects no error. Each test runs in the transaction tSQLt rolls back.\n");
        text.Append($"EXECUTE tSQLt.NewTestClass @ClassName = N'{ClassName}';\n");
        text.Append("GO\n");

        foreach (var inputCase in cases)
        {
            var reason = ExclusionReason(inputCase);
            if (reason is not null)
            {
                left.Add(new ExcludedInputCase(inputCase.Kind, inputCase.Name, reason));
                continue;
            }

            text.Append(Procedure(inputCase));
            text.Append("GO\n");
        }

        if (left.Count > 0)
        {
            text.Append("-- Cases left out (they cannot run inside a procedure inside tSQLt's transaction):\n");
            foreach (var e in left)
            {
                text.Append($"-- {e.Kind}/{e.Name}.sql: {e.Reason}\n");
            }
        }

        excluded = left;
        return text.ToString();
    }

    public static string TestName(InputCase inputCase) => inputCase.Kind == InputCaseKind.BadInput
        ? $"test bad input {inputCase.Name} is refused"
        : $"test good input {inputCase.Name} is accepted";

    /// <summary>Null when the case body can run as a procedure body inside tSQLt's transaction; else why not.</summary>
    public static string? ExclusionReason(InputCase inputCase)
    {
        if (inputCase.HeaderProblems.Count > 0)
        {
            return "its headers are invalid: " + string.Join("; ", inputCase.HeaderProblems);
        }

        if (TestName(inputCase).Length > MaxProcedureNameLength)
        {
            return $"the test name would be longer than {MaxProcedureNameLength} characters";
        }

        var (fragment, errors) = SqlScripts.Parse(inputCase.Sql);
        if (errors.Count > 0)
        {
            return $"it does not parse ({errors[0].Message})";
        }

        var script = (TSqlScript)fragment;
        if (script.Batches.Count != 1)
        {
            return "it has more than one batch (GO)";
        }

        var finder = new ForbiddenStatementFinder();
        fragment.Accept(finder);
        return finder.Problem;
    }

    private static string Procedure(InputCase inputCase)
    {
        var text = new StringBuilder();
        if (inputCase.Rule is not null)
        {
            text.Append($"-- rule: {inputCase.Rule}\n");
        }

        text.Append($"CREATE PROCEDURE [{ClassName}].[{TestName(inputCase)}]\nAS\nBEGIN\n");
        var body = Indent(inputCase.Sql.ReplaceLineEndings("\n").TrimEnd('\n'), "    ");
        var names = inputCase.ExpectedName is null ? [] : inputCase.AlternativeNames.Prepend(inputCase.ExpectedName).ToList();

        if (inputCase.Kind == InputCaseKind.GoodInput)
        {
            text.Append("    EXECUTE tSQLt.ExpectNoException;\n");
            text.Append(body).Append('\n');
        }
        else if (inputCase.ExpectedErrorNumber is { } number)
        {
            text.Append($"    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = {number};\n");
            text.Append(body).Append('\n');
        }
        else if (names.Count == 1)
        {
            text.Append($"    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'{NamePattern(names[0])}';\n");
            text.Append(body).Append('\n');
        }
        else
        {
            // One LIKE pattern cannot say "names A or B", and ExpectException takes one pattern: the body runs in TRY, the
            // CATCH keeps the message, tSQLt.Fail reports a missing or wrong error (it repairs a transaction the error
            // doomed, Source/tSQLt.Fail.ssp.sql), and a matching error ends the test with a THROW of the one error it
            // expects. So every bad case leaves its test through an error tSQLt checks, as with ExpectException above:
            // tSQLt's own handling of a doomed transaction after an error applies (Private_RunTest_TestExecution rolls
            // back fully when the rollback to its savepoint fails), and an error that escapes this TRY (a name-resolution
            // error is raised one level up) does not match the expected 50000 and fails the test.
            var expected = string.Join(" or ", names);
            var expectedText = Quote(expected);
            text.Append($"    EXECUTE tSQLt.ExpectException @ExpectedMessage = N'{Quote(MatchedMessage(names))}', @ExpectedErrorNumber = {MatchedErrorNumber};\n");
            text.Append("    DECLARE @InputCaseErrorMessage NVARCHAR(4000) = NULL;\n");
            text.Append("    BEGIN TRY\n");
            text.Append(Indent(body, "    ")).Append('\n');
            text.Append("    END TRY\n");
            text.Append("    BEGIN CATCH\n");
            text.Append("        SET @InputCaseErrorMessage = ERROR_MESSAGE();\n");
            text.Append("    END CATCH;\n");
            text.Append("    IF @InputCaseErrorMessage IS NULL\n");
            text.Append($"        EXECUTE tSQLt.Fail N'Expected an error naming {expectedText}; the case ran without one.';\n");
            text.Append("    IF NOT (");
            text.Append(string.Join(" OR ", names.Select(n => $"@InputCaseErrorMessage LIKE N'{NamePattern(n)}'")));
            text.Append(")\n");
            text.Append($"        EXECUTE tSQLt.Fail N'Expected an error naming {expectedText}; got: ', @InputCaseErrorMessage;\n");
            text.Append($"    THROW {MatchedErrorNumber}, N'{Quote(MatchedMessage(names))}', 1;\n");
        }

        text.Append("END;\n");
        return text.ToString();
    }

    /// <summary>The error number an expect-or test throws once the case's error named one of its names.</summary>
    public const int MatchedErrorNumber = 50000;

    /// <summary>The message an expect-or test throws (and expects) once the case's error named one of its names.</summary>
    public static string MatchedMessage(IReadOnlyList<string> names) =>
        $"{ClassName}: the case was refused with an error naming {string.Join(" or ", names)}.";

    private static string Quote(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>
    /// A LIKE pattern for a message that names the constraint or index as a whole word (so FK_Membership_User does not
    /// match FK_Membership_User_InvitedBy); SQL Server quotes the name ("CK_..." or 'UQ_...'). [_] is a literal
    /// underscore, since _ alone matches any one character.
    /// </summary>
    public static string NamePattern(string name) =>
        "%[^A-Za-z0-9_]" + name.Replace("[", "[[]", StringComparison.Ordinal).Replace("_", "[_]", StringComparison.Ordinal)
            .Replace("%", "[%]", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "[^A-Za-z0-9_]%";

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line));

    /// <summary>Statements that break a procedure body or tSQLt's transaction.</summary>
    private sealed class ForbiddenStatementFinder : TSqlFragmentVisitor
    {
        public string? Problem { get; private set; }

        public override void Visit(TransactionStatement node) =>
            Flag("it controls the transaction itself (BEGIN/COMMIT/ROLLBACK/SAVE TRANSACTION), which tSQLt owns");

        public override void Visit(UseStatement node) => Flag("it switches database (USE)");

        public override void Visit(ProcedureStatementBodyBase node) =>
            Flag("it creates a module (procedure, function or trigger), which must be alone in its batch");

        public override void Visit(ViewStatementBody node) => Flag("it creates a view, which must be alone in its batch");

        public override void Visit(CreateSchemaStatement node) => Flag("it creates a schema, which must be alone in its batch");

        public override void Visit(CreateDatabaseStatement node) => Flag("it creates a database, which is not allowed in a transaction");

        public override void Visit(AlterDatabaseStatement node) => Flag("it alters a database, which is not allowed in a transaction");

        public override void Visit(BackupStatement node) => Flag("it backs up, which is not allowed in a transaction");

        public override void Visit(RestoreStatement node) => Flag("it restores, which is not allowed in a transaction");

        public override void Visit(ReturnStatement node) => Flag("it returns early, which would skip the test's assertion");

        public override void Visit(DeclareVariableElement node)
        {
            if (string.Equals(node.VariableName.Value, "@InputCaseErrorMessage", StringComparison.OrdinalIgnoreCase))
            {
                Flag("it declares @InputCaseErrorMessage, the generated test's own variable");
            }
        }

        private void Flag(string problem) => Problem ??= problem;
    }
}
