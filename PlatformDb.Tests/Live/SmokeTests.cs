using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// `platformdb smoke` against databases published through the CLI: the dev profile (SQLCMD Environment=dev,
/// SeedDevData=true) passes every step; the prod profile records 'prod' and smoke refuses it before writing anything.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class SmokeTests(LiveDatabaseFixture fixture)
{
    private static readonly string[] Steps =
        ["connect ", "environment dev", "login dev@example.com", "api key pdb_dev_0001", "model gpt-4o-mini", "record request smoke-", "usage ", "budget: "];

    [Fact]
    public async Task Smoke_passes_every_step_on_a_database_published_with_the_dev_profile_and_again_on_a_second_run()
    {
        fixture.SkipIfUnavailable();
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "current", "--dacpac", RepoPaths.BuiltDacpac, "--profile", "dev");

        foreach (var run in new[] { 1, 2 })
        {
            var result = await CliRunner.RunAsync("smoke", "--connection", database.ConnectionString);

            Assert.True(result.ExitCode == ExitCodes.Success, $"smoke run {run} ({result.ExitCode}): {result.Error}\n{result.Output}");
            var lines = result.Output.ReplaceLineEndings("\n").Trim().Split('\n');
            Assert.Equal(Steps.Length + 1, lines.Length);
            Assert.All(Steps.Zip(lines), pair => Assert.Matches($@"^ok +\d+ ms  {System.Text.RegularExpressions.Regex.Escape(pair.First)}", pair.Second));
            Assert.Matches(@"^smoke passed in \d+ ms$", lines[^1]);
            Assert.DoesNotContain("PlatformDb-dev-only-2024!", result.Output + result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_database_recorded_as_prod_is_refused_with_exit_code_3_before_anything_is_written()
    {
        fixture.SkipIfUnavailable();
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "current", "--dacpac", RepoPaths.BuiltDacpac, "--profile", "prod");

        var result = await CliRunner.RunAsync("smoke", "--connection", database.ConnectionString);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var error = Assert.Single(result.Error.Trim().Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("'prod'", error, StringComparison.Ordinal);
        Assert.Contains("dev or test", error, StringComparison.Ordinal);
        Assert.DoesNotContain("login", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, await new LiveRows(database.ConnectionString).ScalarAsync<int>("SELECT COUNT(*) FROM [usage].[UsageEvent];", TestContext.Current.CancellationToken));
    }
}
