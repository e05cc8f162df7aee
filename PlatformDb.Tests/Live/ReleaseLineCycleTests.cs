using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Every released snapshot, through the CLI, on one database that holds data: up one release at a time, down one at a
/// time, then straight to the newest and straight back to the first (a rollback whose expected alerts come from every
/// manifest on the way), and up again. No drift after any step, and the data written at the start survives.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ReleaseLineCycleTests(LiveDatabaseFixture fixture)
{
    private const string Scopes = """["chat:write","files/read"]""";

    [Fact]
    public async Task Every_release_applies_rolls_back_and_reapplies_with_no_drift_and_the_data_kept()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var releases = new SnapshotStore(RepoPaths.Snapshots).Versions().Select(v => v.ToString()).ToList();
        Assert.True(releases.Count >= 3, "The cycle needs at least three releases.");
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var rows = new LiveRows(database.ConnectionString);
        var steps = new List<string>();

        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", releases[0]);
        steps.Add($"apply {releases[0]}");
        var keyId = (await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), Scopes, ct)).ApiKeyId;

        async Task Step(string action, string version)
        {
            await LiveCli.ExpectSuccessAsync(action, "--connection", database.ConnectionString, action == "apply" ? "--version" : "--to", version);
            await LiveCli.ExpectNoDriftAsync(database, $"v{version}");
            Assert.Equal(Scopes, await rows.ScopesJsonAsync(keyId, ct));
            steps.Add($"{action} {version}");
        }

        foreach (var release in releases.Skip(1))
        {
            await Step("apply", release);
        }

        foreach (var release in Enumerable.Reverse(releases).Skip(1))
        {
            await Step("rollback", release);
        }

        await Step("apply", releases[^1]);
        Assert.Equal(["chat:write", "files/read"], await rows.ScopeRowsAsync(keyId, ct));
        await Step("rollback", releases[0]);
        await Step("apply", releases[^1]);

        var recorded = (await LiveCli.HistoryAsync(database)).Select(d => $"{d.Action} {d.Version}").Reverse().ToList();
        Assert.Equal(steps, recorded);
    }
}
