using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac.Model;
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

        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.0.0");
        await LiveCli.ExpectNoDriftAsync(database, "v1.0.0");
        var organizationId = await rows.OrganizationAsync(ct);
        var key = (await rows.ApiKeyAsync(organizationId, await rows.UserAsync(ct), """["chat:write"]""", ct)).ApiKeyId;

        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await LiveCli.ExpectNoDriftAsync(database, "v1.1.0");
        Assert.Equal(["chat:write"], await rows.ScopeRowsAsync(key, ct));
        await rows.ExecuteAsync("EXECUTE [identity].[GrantApiKeyScope] @ApiKeyId = @Id, @Scope = N'usage:read';", key, ct);

        await LiveCli.ExpectSuccessAsync("rollback", "--connection", database.ConnectionString, "--to", "1.0.0");
        await LiveCli.ExpectNoDriftAsync(database, "v1.0.0");
        Assert.Equal("""["chat:write","usage:read"]""", await rows.ScopesJsonAsync(key, ct));
        Assert.False(await rows.TableExistsAsync("identity.ApiKeyScope", ct));
        await rows.ExecuteAsync("UPDATE [identity].[ApiKey] SET [Scopes] = JSON_MODIFY([Scopes], 'append $', N'files:read') WHERE [ApiKeyId] = @Id;", key, ct);

        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await LiveCli.ExpectNoDriftAsync(database, "v1.1.0");
        Assert.Equal(["chat:write", "files:read", "usage:read"], await rows.ScopeRowsAsync(key, ct));
        Assert.Equal(organizationId, await rows.ScalarAsync<int>(
            "SELECT [OrganizationId] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", ct, new SqlParameter("@Id", SqlDbType.Int) { Value = key }));

        var history = await LiveCli.HistoryAsync(database);
        Assert.Equal(["apply 1.1.0", "rollback 1.0.0", "apply 1.1.0", "apply 1.0.0"], history.Select(d => $"{d.Action} {d.Version}"));
        Assert.All(history, d => Assert.Equal("completed", d.Status));
    }

    [Fact]
    public async Task A_failing_post_deployment_script_is_recorded_as_failed_with_the_schema_applied_and_rollback_recovers()
    {
        fixture.SkipIfUnavailable();
        SkipUnlessTheBuildRecordsProgress();
        var ct = TestContext.Current.CancellationToken;
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var rows = new LiveRows(database.ConnectionString);
        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        // The MERGE must have work to do, so its UPDATE fires the trigger.
        await rows.ScalarAsync<int>("UPDATE [catalog].[Provider] SET [DisplayName] = N'Renamed by test' WHERE [Code] = 'openai'; SELECT @@ROWCOUNT;", ct);
        await rows.ScalarAsync<int>(await File.ReadAllTextAsync(Path.Combine(RepoPaths.TestData, "Live", "ThrowingProviderTrigger.sql"), ct), ct);

        var failed = await CliRunner.RunAsync("apply", "--connection", database.ConnectionString, "--version", "current",
            "--dacpac", RepoPaths.BuiltDacpac);

        Assert.Equal(ExitCodes.Error, failed.ExitCode);
        var errorLine = Assert.Single(failed.Error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("the schema change committed; a post-deployment script failed", errorLine, StringComparison.Ordinal);
        Assert.Contains("50999", errorLine, StringComparison.Ordinal);
        var newest = (await LiveCli.HistoryAsync(database))[0];
        Assert.Equal(("apply", "current", "failed", true), (newest.Action, newest.Version, newest.Status, newest.SchemaApplied));
        Assert.NotNull(newest.SchemaAppliedAt);
        Assert.Contains("a post-deployment script failed", newest.Message, StringComparison.Ordinal);

        var drift = await CliRunner.RunAsync("drift", "--connection", database.ConnectionString, "--dacpac", RepoPaths.BuiltDacpac);
        Assert.Contains("The schema change committed, so the database most likely has current's schema", drift.Output, StringComparison.Ordinal);
        // The schema is the build's; the only difference is the test's own trigger, which a publish of the build would drop.
        Assert.Equal(ExitCodes.CheckFailed, drift.ExitCode);
        Assert.Contains("TR_Provider_FailPostDeploy", drift.Output, StringComparison.Ordinal);

        // From the build, whose changes may not be released yet, the rollback's alerts need not be in any manifest.
        await LiveCli.ExpectSuccessAsync("rollback", "--connection", database.ConnectionString, "--to", "1.1.0", "--allow-data-loss");
        await LiveCli.ExpectNoDriftAsync(database, "v1.1.0");
        Assert.False(await rows.ScalarAsync<bool>("SELECT CAST(CASE WHEN OBJECT_ID(N'[catalog].[TR_Provider_FailPostDeploy]') IS NULL THEN 0 ELSE 1 END AS BIT);", ct));
        var history = await LiveCli.HistoryAsync(database);
        Assert.Equal(["rollback 1.1.0", "apply current", "apply 1.1.0"], history.Select(d => $"{d.Action} {d.Version}"));
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
            await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
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

    /// <summary>The failure record needs the v1.2 shape of ops.DeploymentHistory (Status, SchemaAppliedAt) in the build.</summary>
    private static void SkipUnlessTheBuildRecordsProgress()
    {
        using var model = TSqlModel.LoadFromDacpac(RepoPaths.BuiltDacpac, new ModelLoadOptions());
        if (model.GetObject(ModelSchema.Column, new ObjectIdentifier("ops", "DeploymentHistory", "SchemaAppliedAt"), DacQueryScopes.UserDefined) is null)
        {
            Assert.Skip("The build's ops.DeploymentHistory has no Status/SchemaAppliedAt columns yet (they arrive with v1.2.0).");
        }
    }




    /// <summary>A copy of the released snapshots whose manifests expect no rollback alerts.</summary>
    private static string ManifestsWithoutRollbackExpectations()
    {
        var target = Directory.CreateTempSubdirectory("platformdb-snapshots-").FullName;
        SnapshotCopies.CopyAll(target, manifest => manifest with { Rollback = new TransitionExpectation() });
        return target;
    }
}
