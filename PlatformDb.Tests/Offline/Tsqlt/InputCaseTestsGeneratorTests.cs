using PlatformDb.Tests.Infrastructure;
using PlatformDb.Tests.Infrastructure.Tsqlt;

namespace PlatformDb.Tests.Offline.Tsqlt;

/// <summary>The generated InputCaseTests class matches the case files, and the generator handles each kind of case.</summary>
public sealed class InputCaseTestsGeneratorTests
{
    [Fact]
    public void Generated_input_case_tests_match_the_case_files()
    {
        var expected = InputCaseTestsGenerator.Render();
        if (Environment.GetEnvironmentVariable(InputCaseTestsGenerator.RegenerateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(InputCaseTestsGenerator.FullPath)!);
            File.WriteAllText(InputCaseTestsGenerator.FullPath, expected);
        }

        var actual = File.Exists(InputCaseTestsGenerator.FullPath)
            ? File.ReadAllText(InputCaseTestsGenerator.FullPath).ReplaceLineEndings("\n")
            : string.Empty;

        Assert.True(expected == actual, InputCaseTestsGenerator.RegenerateHint);
    }

    [Fact]
    public void Every_case_file_becomes_a_test_and_none_is_left_out()
    {
        var cases = InputCase.All(InputCaseKind.BadInput).Concat(InputCase.All(InputCaseKind.GoodInput)).ToList();

        InputCaseTestsGenerator.Render(cases, out var excluded);
        var generated = TsqltSuite.Tests().Where(t => t.ClassName == InputCaseTestsGenerator.ClassName).Select(t => t.TestName).ToHashSet();

        Assert.Empty(excluded.Select(e => $"{e.Kind}/{e.Name}: {e.Reason}"));
        Assert.Equal(cases.Select(InputCaseTestsGenerator.TestName).Order(StringComparer.Ordinal), generated.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bad_cases_expect_their_number_or_their_name_and_alternatives_end_in_the_one_error_they_expect()
    {
        var number = InputCase.Parse(InputCaseKind.BadInput, "Numbered", "-- expect-error: 50111\nSELECT 1;");
        var named = InputCase.Parse(InputCaseKind.BadInput, "Named", "-- expect: CK_A_B\nSELECT 1;");
        var either = InputCase.Parse(InputCaseKind.BadInput, "Either", "-- expect: CK_A_B\n-- expect-or: CK_A_C\nSELECT 1;");
        var good = InputCase.Parse(InputCaseKind.GoodInput, "Good", "-- rule: fine\nSELECT 1;");

        var text = InputCaseTestsGenerator.Render([number, named, either, good], out var excluded);

        Assert.Empty(excluded);
        Assert.Contains("EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;", text, StringComparison.Ordinal);
        Assert.Contains("EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]A[_]B[^A-Za-z0-9_]%';", text, StringComparison.Ordinal);
        Assert.Contains("@InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]A[_]B[^A-Za-z0-9_]%' OR @InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]A[_]C[^A-Za-z0-9_]%'", text, StringComparison.Ordinal);
        Assert.Contains("EXECUTE tSQLt.ExpectException @ExpectedMessage = N'InputCaseTests: the case was refused with an error naming CK_A_B or CK_A_C.', @ExpectedErrorNumber = 50000;", text, StringComparison.Ordinal);
        Assert.Contains("    THROW 50000, N'InputCaseTests: the case was refused with an error naming CK_A_B or CK_A_C.', 1;", text, StringComparison.Ordinal);
        Assert.Contains("EXECUTE tSQLt.ExpectNoException;", text, StringComparison.Ordinal);
        Assert.Empty(SqlScripts.Parse(text).Errors);
        Assert.All(TsqltFiles.SplitBatches(text), batch => Assert.Empty(SqlScripts.Parse(batch.Text).Errors));
    }

    [Theory]
    [InlineData("BEGIN TRANSACTION; SELECT 1; COMMIT;", "transaction")]
    [InlineData("SELECT 1;\nGO\nSELECT 2;", "more than one batch")]
    [InlineData("EXEC (N'x');\nGO\nCREATE VIEW dbo.V AS SELECT 1 AS A;", "more than one batch")]
    [InlineData("IF 1 = 1 RETURN; SELECT 1;", "returns early")]
    [InlineData("DECLARE @InputCaseErrorMessage INT;", "@InputCaseErrorMessage")]
    public void Cases_that_cannot_run_in_a_procedure_in_a_transaction_are_left_out_with_the_reason(string body, string reason)
    {
        var inputCase = InputCase.Parse(InputCaseKind.BadInput, "Odd", "-- expect-error: 50000\n" + body);

        InputCaseTestsGenerator.Render([inputCase], out var excluded);

        Assert.Contains(reason, Assert.Single(excluded).Reason, StringComparison.Ordinal);
    }
}
