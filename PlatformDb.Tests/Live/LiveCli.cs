using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>The CLI steps the live change tests share: a command that must succeed, and a drift check.</summary>
internal static class LiveCli
{
    public static async Task ExpectSuccessAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Success, $"platformdb {args[0]} failed ({result.ExitCode}): {result.Error}\n{result.Output}");
    }

    /// <summary>`drift` finds nothing and names the release the database is recorded at (e.g. "v1.1.0").</summary>
    public static async Task ExpectNoDriftAsync(ScratchDatabase database, string version)
    {
        var drift = await CliRunner.RunAsync("drift", "--connection", database.ConnectionString);
        Assert.True(drift.ExitCode == ExitCodes.Success, $"drift from {version}: {drift.Error}\n{drift.Output}");
        Assert.Contains($"matches {version}", drift.Output, StringComparison.Ordinal);
    }
}
