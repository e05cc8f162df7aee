using System.Diagnostics;
using System.Text.RegularExpressions;
using PlatformDb.Cli;
using PlatformDb.Cli.Commands;
using PlatformDb.Cli.Core;
using PlatformDb.Tests.Infrastructure;
using PlatformDb.Tests.Live;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// Every path that connects reaches the network and fails fast with one line naming the server, and everything that can
/// be checked offline (profile, dacpac, version) is checked before the first connection.
/// </summary>
public sealed partial class CliDatabaseCommandTests
{
    // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
    private const string Password = "not-a-secret";
    private const string Unreachable = $"Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password={Password};Connect Timeout=2;Encrypt=False";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static TheoryData<string[]> CommandsAgainstAnUnreachableServer => new(
        ["plan", "--from", Unreachable, "--to", "1.0.0", "--out", Path.Combine(Path.GetTempPath(), "platformdb-unreachable-plan")],
        ["apply", "--connection", Unreachable, "--version", "1.0.0"],
        ["apply", "--connection", Unreachable, "--version", "1.1.0", "--profile", "prod"],
        ["rollback", "--connection", Unreachable, "--to", "1.0.0"],
        ["rollback", "--connection", Unreachable, "--to", "1.0.0", "--profile", "dev"],
        ["drift", "--connection", Unreachable],
        ["drift", "--connection", Unreachable, "--json"],
        ["history", "--connection", Unreachable],
        ["history", "--connection", Unreachable, "--json"],
        ["bench", "--connection", Unreachable, "--events", "1000"],
        ["bench", "--connection", Unreachable, "--events", "10M", "--database", "PlatformDb_Bench_unreachable", "--out", Path.Combine(Path.GetTempPath(), "platformdb-unreachable-bench")],
        ["smoke", "--connection", Unreachable],
        ["smoke", "--connection", Unreachable, "--email", "dev@example.com", "--password", Password, "--api-key", $"pdb_dev_0001_{Password}"]);

    [Theory]
    [MemberData(nameof(CommandsAgainstAnUnreachableServer))]
    public async Task Unreachable_server_is_one_error_line_naming_the_server_and_the_network_error(string[] args)
    {
        var clock = Stopwatch.StartNew();

        var result = await CliRunner.RunAsync(args);

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.Error, result.ExitCode);
        var lines = result.Error.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var errorLine = Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Equal(errorLine, lines[^1]);
        Assert.All(lines.SkipLast(1), line => Assert.Matches(ProgressLine(), line));
        Assert.Contains("127.0.0.1,1", errorLine, StringComparison.Ordinal);
        Assert.Contains("network-related", errorLine, StringComparison.Ordinal);
        AssertNoLeaks(result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void The_live_fixture_publishes_through_the_cli_publisher_and_fails_fast_on_an_unreachable_server()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ServerUnreachableException>(() =>
            LiveDatabaseFixture.PublishBuiltDacpac(Unreachable, "PlatformDb_Unreachable", TestContext.Current.CancellationToken));

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Contains("127.0.0.1,1", error.Message, StringComparison.Ordinal);
        AssertNoLeaks(error.Message);
    }

    [Theory]
    [InlineData("apply", "--version", "1.0.0")]
    [InlineData("rollback", "--to", "1.0.0")]
    public async Task A_bad_profile_name_is_reported_before_connecting(string command, string versionOption, string version)
    {
        var result = await CliRunner.RunAsync(command, "--connection", Unreachable, versionOption, version, "--profile", "no-such-profile");

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("error: Publish profile not found", line, StringComparison.Ordinal);
        Assert.Contains("no-such-profile.publish.xml", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_with_an_unknown_option_is_reported_before_connecting()
    {
        var profile = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.publish.xml");
        await File.WriteAllTextAsync(profile, """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><PropertyGroup><BlockOnPossibleDataLos>True</BlockOnPossibleDataLos></PropertyGroup></Project>
            """, TestContext.Current.CancellationToken);
        try
        {
            var result = await CliRunner.RunAsync("apply", "--connection", Unreachable, "--version", "1.0.0", "--profile", profile);

            Assert.Equal(ExitCodes.Error, result.ExitCode);
            var line = Assert.Single(result.Error.Trim().Split('\n'));
            Assert.Contains("<BlockOnPossibleDataLos> is not a DacFx deploy option", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(profile);
        }
    }

    [Fact]
    public async Task A_corrupt_dacpac_is_reported_before_connecting()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.dacpac");
        await File.WriteAllTextAsync(corrupt, "not a zip", TestContext.Current.CancellationToken);
        try
        {
            var result = await CliRunner.RunAsync("apply", "--connection", Unreachable, "--version", corrupt);

            Assert.Equal(ExitCodes.Error, result.ExitCode);
            Assert.StartsWith($"error: {corrupt} is not a readable dacpac", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(corrupt);
        }
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

    private static void AssertNoLeaks(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not load", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeLoadException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FileNotFoundException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[\s*\d+\.\ds\] \S")]
    private static partial Regex ProgressLine();
}

/// <summary>A password never reaches stderr, whatever carries it there.</summary>
public sealed class PasswordRedactionTests
{
    private const string Secret = "hunter2-secret";

    [Fact]
    public async Task A_connection_string_typed_without_its_option_is_echoed_without_its_password()
    {
        var result = await CliRunner.RunAsync("history", $"Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password={Secret};Encrypt=False");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain(Secret, result.Error, StringComparison.Ordinal);
        Assert.Contains("Password=***", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_error_whose_text_holds_a_password_is_printed_without_it(bool verbose)
    {
        using var error = new StringWriter();
        var exception = new InvalidOperationException($"Could not open 'Data Source=db1;PWD = \"{Secret}\";User ID=sa'.",
            new ArgumentException($"password='{Secret}'"));

        ErrorReporter.Report(exception, error, verbose);

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server=a;Password=x;Database=b", "Server=a;Password=***;Database=b")]
    [InlineData("Server=a;pwd = x y", "Server=a;pwd = ***")]
    [InlineData("no secret here", "no secret here")]
    public void Redact_blanks_password_values_only(string text, string expected)
    {
        Assert.Equal(expected, Secrets.Redact(text));
    }
}
