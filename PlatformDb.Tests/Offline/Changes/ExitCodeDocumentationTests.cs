using System.Reflection;
using System.Text.RegularExpressions;
using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>Every exit code the CLI can return is listed in its --help, the README and the runbook.</summary>
public sealed class ExitCodeDocumentationTests
{
    public static TheoryData<int> Codes => new(typeof(ExitCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int))
        .Select(f => (int)f.GetRawConstantValue()!));

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Help_lists_the_exit_code(int code)
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Matches(new Regex($@"(?m)^\s+{code}\s+\S"), result.Output);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Readme_and_runbook_list_the_exit_code(int code)
    {
        foreach (var document in new[] { Path.Combine(RepoPaths.Root, "README.md"), Path.Combine(RepoPaths.Docs, "change-process.md") })
        {
            Assert.Contains($"\n| {code} | ", File.ReadAllText(document).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }
}
