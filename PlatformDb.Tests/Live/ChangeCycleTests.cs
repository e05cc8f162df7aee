using System.Data;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// The change process end to end through the CLI, each test on a database of its own: apply v1.0.0 with data,
/// apply v1.1.0, write through the new shape, roll back, re-apply; no drift after any step and no data lost.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ChangeCycleTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task Apply_rollback_and_reapply_return_the_schema_to_each_snapshot_and_keep_the_data()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var rows = new LiveRows(database.ConnectionString);

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.0.0");
        await ExpectNoDrift(database, "v1.0.0");
        var organizationId = await rows.OrganizationAsync(ct);
        var key = (await rows.ApiKeyAsync(organizationId, await rows.UserAsync(ct), """["chat:write"]""", ct)).ApiKeyId;

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await ExpectNoDrift(database, "v1.1.0");
        Assert.Equal(["chat:write"], await rows.ScopeRowsAsync(key, ct));
        await rows.ExecuteAsync("EXECUTE [identity].[GrantApiKeyScope] @ApiKeyId = @Id, @Scope = N'usage:read';", key, ct);

        await ExpectSuccess("rollback", "--connection", database.ConnectionString, "--to", "1.0.0");
        await ExpectNoDrift(database, "v1.0.0");
        Assert.Equal("""["chat:write","usage:read"]""", await rows.ScopesJsonAsync(key, ct));
        Assert.False(await rows.TableExistsAsync("identity.ApiKeyScope", ct));
        await rows.ExecuteAsync("UPDATE [identity].[ApiKey] SET [Scopes] = JSON_MODIFY([Scopes], 'append $', N'files:read') WHERE [ApiKeyId] = @Id;", key, ct);

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await ExpectNoDrift(database, "v1.1.0");
        Assert.Equal(["chat:write", "files:read", "usage:read"], await rows.ScopeRowsAsync(key, ct));
        Assert.Equal(organizationId, await rows.ScalarAsync<int>(
            "SELECT [OrganizationId] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", ct, new SqlParameter("@Id", SqlDbType.Int) { Value = key }));

        var history = await CliRunner.RunAsync("history", "--connection", database.ConnectionString);
        var actions = history.Output.Split('\n').Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2))).ToList();
        Assert.Equal(["apply 1.1.0", "rollback 1.0.0", "apply 1.1.0", "apply 1.0.0"], actions);
    }

    [Fact]
    public async Task Rollback_with_data_loss_the_manifest_does_not_expect_is_refused_until_allowed()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var snapshots = ManifestsWithoutRollbackExpectations();
        try
        {
            await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
            var rows = new LiveRows(database.ConnectionString);
            var key = (await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write"]""", ct)).ApiKeyId;

            var refused = await CliRunner.RunAsync("--snapshots", snapshots, "rollback", "--connection", database.ConnectionString, "--to", "1.0.0");

            Assert.Equal(ExitCodes.Refused, refused.ExitCode);
            Assert.Contains("[UNEXPECTED] DataIssue: The table [identity].[ApiKeyScope] is being dropped", refused.Output, StringComparison.Ordinal);
            Assert.True(await rows.TableExistsAsync("identity.ApiKeyScope", ct));
            Assert.Equal(["chat:write"], await rows.ScopeRowsAsync(key, ct));

            var allowed = await CliRunner.RunAsync("--snapshots", snapshots, "rollback", "--connection", database.ConnectionString, "--to", "1.0.0", "--allow-data-loss");

            Assert.Equal(ExitCodes.Success, allowed.ExitCode);
            Assert.False(await rows.TableExistsAsync("identity.ApiKeyScope", ct));
        }
        finally
        {
            Directory.Delete(snapshots, recursive: true);
        }
    }

    private static async Task ExpectSuccess(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Success, $"platformdb {args[0]} failed ({result.ExitCode}): {result.Error}\n{result.Output}");
    }

    private static async Task ExpectNoDrift(ScratchDatabase database, string version)
    {
        var drift = await CliRunner.RunAsync("drift", "--connection", database.ConnectionString);
        Assert.True(drift.ExitCode == ExitCodes.Success, $"drift from {version}: {drift.Error}\n{drift.Output}");
        Assert.Contains($"matches {version}", drift.Output, StringComparison.Ordinal);
    }

    /// <summary>A copy of the released snapshots whose manifests expect no rollback alerts.</summary>
    private static string ManifestsWithoutRollbackExpectations()
    {
        var target = Directory.CreateTempSubdirectory("platformdb-snapshots-").FullName;
        SnapshotCopies.CopyAll(target, manifest => manifest with { Rollback = new TransitionExpectation() });
        return target;
    }
}
