using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>The database commands refuse bad input before touching anything, with one line and a non-zero exit code.</summary>
public sealed class CliDatabaseCommandTests
{
    // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
    private const string Unreachable = "Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password=not-a-secret;Connect Timeout=3;Encrypt=False";

    public static TheoryData<string[]> CommandsAgainstAnUnreachableServer => new(
        ["apply", "--connection", Unreachable, "--version", "1.0.0"],
        ["rollback", "--connection", Unreachable, "--to", "1.0.0"],
        ["drift", "--connection", Unreachable],
        ["history", "--connection", Unreachable]);

    [Theory]
    [MemberData(nameof(CommandsAgainstAnUnreachableServer))]
    public async Task Unreachable_server_is_one_line_without_a_stack_trace(string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server=localhost", "names no database")]
    [InlineData("Database=PlatformDb", "names no server")]
    [InlineData("Nonsense Key=1;Database=x", "not valid")]
    public async Task Connection_string_problems_are_named(string connection, string message)
    {
        var result = await CliRunner.RunAsync("history", "--connection", connection);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_to_an_unknown_version_is_refused_before_connecting()
    {
        var result = await CliRunner.RunAsync("rollback", "--connection", Unreachable, "--to", "0.9.0");

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("Unknown version 0.9.0", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_option_exits_non_zero()
    {
        var result = await CliRunner.RunAsync("rollback", "--connection", Unreachable);

        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--to", result.Error, StringComparison.Ordinal);
    }
}
