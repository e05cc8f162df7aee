using System.Text.RegularExpressions;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>
/// The development seed (PostDeploy/DevSeed/DevSeed.sql) as procedure TestData.RunDevSeed, which the harness creates
/// after the Support files so a tSQLt test can run the seed twice and check it is idempotent. The file is one batch
/// with no GO (ScriptTests checks its single guarded IF), so its text can be a procedure body once the SQLCMD variables
/// are replaced: SeedDevData=true, Environment=test (the seed runs only for dev or test). Its SET QUOTED_IDENTIFIER and
/// ANSI_NULLS lines have no effect inside a procedure (the settings at CREATE time count; the harness's session has both
/// ON), and its other SET options last until the procedure returns. Its BEGIN/COMMIT TRANSACTION nest inside tSQLt's
/// transaction (the COMMIT only decrements @@TRANCOUNT), so the test's rollback still undoes the seed.
/// </summary>
public static partial class DevSeedProcedure
{
    public const string Name = "TestData.RunDevSeed";

    public static readonly IReadOnlyDictionary<string, string> Variables =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["SeedDevData"] = "true", ["Environment"] = "test" };

    public static string SourcePath => Path.Combine(RepoPaths.PostDeploy, "DevSeed", "DevSeed.sql");

    public static string Render() => Render(File.ReadAllText(SourcePath));

    public static string Render(string seed)
    {
        if (TsqltFiles.SplitBatches(seed).Count != 1)
        {
            throw new InvalidOperationException("PostDeploy/DevSeed/DevSeed.sql has more than one batch (GO), so it cannot be a procedure body.");
        }

        var body = SqlCmdVariable().Replace(seed.ReplaceLineEndings("\n").TrimEnd('\n'), m =>
            Variables.TryGetValue(m.Groups["name"].Value, out var value)
                ? value
                : throw new InvalidOperationException($"PostDeploy/DevSeed/DevSeed.sql uses $({m.Groups["name"].Value}), which the harness does not set."));

        return "CREATE PROCEDURE [TestData].[RunDevSeed]\nAS\nBEGIN\n" + body + "\nEND;\n";
    }

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex SqlCmdVariable();
}
