using System.Text.Json;
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

    /// <summary>The deployments `history --json` lists, newest first.</summary>
    public static async Task<IReadOnlyList<HistoryRow>> HistoryAsync(ScratchDatabase database)
    {
        var result = await CliRunner.RunAsync("history", "--connection", database.ConnectionString, "--json");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.GetProperty("deployments").EnumerateArray()
            .Select(d => new HistoryRow(
                d.GetProperty("action").GetString()!, d.GetProperty("version").GetString()!, d.GetProperty("status").GetString()!,
                d.GetProperty("schemaApplied").GetBoolean(),
                d.GetProperty("schemaAppliedAt").ValueKind == JsonValueKind.Null ? null : d.GetProperty("schemaAppliedAt").GetDateTime(),
                d.GetProperty("message").GetString()))
            .ToList();
    }
}

/// <summary>One deployment as `history --json` shows it.</summary>
internal sealed record HistoryRow(string Action, string Version, string Status, bool SchemaApplied, DateTime? SchemaAppliedAt, string? Message);
