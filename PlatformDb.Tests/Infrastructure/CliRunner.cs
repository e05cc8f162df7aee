using PlatformDb.Cli;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>Runs `platformdb` in-process and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error);
