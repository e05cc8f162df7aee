using PlatformDb.Cli;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>`platformdb plan` and `platformdb snapshot` end to end on dacpacs, and their one-line errors.</summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed class CliPlanAndSnapshotTests(SnapshotPlansFixture fixture) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("platformdb-cli-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Plan_between_two_releases_writes_script_report_and_summary()
    {
        var output = Path.Combine(scratch, "up");

        var result = await CliRunner.RunAsync("plan", "--from", "1.0.0", "--to", "1.1.0", "--out", output);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Plan v1.0.0 -> v1.1.0 (apply)", result.Output, StringComparison.Ordinal);
        var script = await File.ReadAllTextAsync(Path.Combine(output, "deploy.sql"), TestContext.Current.CancellationToken);
        Assert.Contains("[identity].[ApiKeyScope]", script, StringComparison.Ordinal);
        Assert.Empty(SqlScripts.Parse(script).Errors);
        Assert.Contains("<DeploymentReport", await File.ReadAllTextAsync(Path.Combine(output, "report.xml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "summary.txt")));
    }

    [Fact]
    public async Task Plan_back_to_an_earlier_release_is_a_rollback_with_its_expected_alerts_marked()
    {
        var result = await CliRunner.RunAsync("plan", "--from", "1.1.0", "--to", "1.0.0", "--out", Path.Combine(scratch, "down"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("(rollback)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[UNEXPECTED]", result.Output, StringComparison.Ordinal);
        Assert.Contains("[expected] DataIssue", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_json_has_the_documented_shape_with_manifest_reasons()
    {
        var result = await CliRunner.RunAsync("plan", "--from", "1.1.0", "--to", "1.0.0", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        string[] documented =
        [
            "schemaVersion", "from", "to", "intent", "databaseName", "profile", "sqlCmdVariables", "releases", "operations",
            "alerts", "keptObjects", "alteredTables", "permissions", "postDeployScripts", "limitations", "hasUndeclaredDataLoss",
        ];
        Assert.Equal(documented, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(fixture.Store.Open(SemanticVersion.Parse("1.1.0")).Sha256, root.GetProperty("from").GetProperty("sha256").GetString());
        Assert.Equal("1.0.0", root.GetProperty("to").GetProperty("version").GetString());
        Assert.Equal("version order", root.GetProperty("intent").GetProperty("chosenBy").GetString());
        var release = Assert.Single(root.GetProperty("releases").EnumerateArray());
        Assert.Equal("rollback", release.GetProperty("direction").GetString());
        var alert = Assert.Single(root.GetProperty("alerts").EnumerateArray());
        Assert.Equal("expected", alert.GetProperty("status").GetString());
        Assert.StartsWith("v1.1.0 manifest (rollback): None.", alert.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(root.GetProperty("hasUndeclaredDataLoss").GetBoolean());
        Assert.Equal("dev", root.GetProperty("sqlCmdVariables").GetProperty("Environment").GetString());
    }

    [Fact]
    public async Task Plan_summary_shows_release_reasoning_permissions_and_post_deploy_scripts()
    {
        var result = await CliRunner.RunAsync("plan", "--from", "1.0.0", "--to", "1.1.0");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("v1.1.0 (upgrade): Expand: API-key scopes as rows", result.Output, StringComparison.Ordinal);
        Assert.Contains("Data loss: none", result.Output, StringComparison.Ordinal);
        Assert.Contains("GRANT EXECUTE ON OBJECT::[identity].[GrantApiKeyScope] TO [platform_app]", result.Output, StringComparison.Ordinal);
        Assert.Contains("Migration: backfill identity.ApiKeyScope from identity.ApiKey.Scopes", result.Output, StringComparison.Ordinal);
        Assert.Contains("Profile: none", result.Output, StringComparison.Ordinal);
        Assert.Contains("SQLCMD values: Environment=dev, SeedDevData=false", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_from_the_newest_release_to_the_current_build_works_offline()
    {
        var result = await CliRunner.RunAsync("plan", "--from", fixture.Newest.ToString(), "--to", "current",
            "--dacpac", RepoPaths.BuiltDacpac, "--out", Path.Combine(scratch, "current"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(scratch, "current", "deploy.sql")));
    }

    [Theory]
    [InlineData("9.9.9", "Unknown version 9.9.9")]
    [InlineData("one.two", "neither a version")]
    [InlineData("missing.dacpac", "Dacpac not found")]
    public async Task Plan_with_a_bad_endpoint_fails_in_one_line(string from, string message)
    {
        var result = await CliRunner.RunAsync("plan", "--from", from, "--to", "1.0.0", "--out", Path.Combine(scratch, "x"));

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Plan_from_a_corrupt_dacpac_fails_in_one_line()
    {
        var corrupt = Path.Combine(scratch, "corrupt.dacpac");
        await File.WriteAllTextAsync(corrupt, "not a zip", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("plan", "--from", corrupt, "--to", "1.0.0", "--intent", "apply", "--out", Path.Combine(scratch, "x"));

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        // Progress lines may come first; the error is the one and last line that is not progress.
        var lines = result.Error.Trim().Split('\n');
        Assert.StartsWith($"error: {corrupt} is not a readable dacpac", lines[^1], StringComparison.Ordinal);
        Assert.All(lines[..^1], line => Assert.StartsWith("[", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_snapshot_whose_bytes_changed_is_refused()
    {
        var snapshots = CopySnapshots();
        var manifest = SnapshotManifest.Read(Path.Combine(snapshots, "v1.0.0", SnapshotStore.ManifestFileName));
        (manifest with { Sha256 = new string('0', 64) }).Write(Path.Combine(snapshots, "v1.0.0", SnapshotStore.ManifestFileName));

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "plan", "--from", "1.0.0", "--to", "1.1.0", "--out", Path.Combine(scratch, "x"));

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("Snapshot 1.0.0 does not match its manifest", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_refuses_to_overwrite_a_released_version()
    {
        var snapshots = CopySnapshots();
        var before = SnapshotStore.Sha256Of(Path.Combine(snapshots, "v1.1.0", SnapshotStore.DacpacFileName));

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0", "--summary", "again", "--dacpac", RepoPaths.BuiltDacpac);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("already exists", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, SnapshotStore.Sha256Of(Path.Combine(snapshots, "v1.1.0", SnapshotStore.DacpacFileName)));
    }

    [Fact]
    public async Task Snapshot_refuses_a_build_whose_dacpac_version_differs()
    {
        var snapshots = CopySnapshots();

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "7.0.0", "--summary", "x", "--dacpac", RepoPaths.BuiltDacpac);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("set <DacVersion>7.0.0</DacVersion>", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(snapshots, "v7.0.0")));
    }

    [Fact]
    public async Task Snapshot_freezes_a_build_with_its_hash_and_planned_alerts()
    {
        var snapshots = Path.Combine(scratch, "fresh");
        Directory.CreateDirectory(snapshots);
        SnapshotCopies.CopyRelease(SemanticVersion.Parse("1.0.0"), snapshots);
        var builtV11 = fixture.Store.DacpacPath(SemanticVersion.Parse("1.1.0"));

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0",
            "--summary", "ApiKeyScope", "--rollback-data-loss", "none", "--date", "2026-01-02", "--dacpac", builtV11);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var written = new SnapshotStore(snapshots).Open(SemanticVersion.Parse("1.1.0"));
        var released = fixture.Store.Open(SemanticVersion.Parse("1.1.0"));
        Assert.Equal(released.Sha256, written.Sha256);
        Assert.Equal("1.0.0", written.Previous);
        Assert.Equal("2026-01-02", written.Date);
        Assert.Equal(released.Rollback.ExpectedAlerts, written.Rollback.ExpectedAlerts);
        Assert.Equal(released.Upgrade.ExpectedAlerts, written.Upgrade.ExpectedAlerts);
    }

    [Fact]
    public async Task Snapshot_takes_its_summary_from_the_unreleased_notes_and_clears_them()
    {
        var snapshots = Path.Combine(scratch, "notes");
        Directory.CreateDirectory(snapshots);
        SnapshotCopies.CopyRelease(SemanticVersion.Parse("1.0.0"), snapshots);
        await File.WriteAllTextAsync(Path.Combine(snapshots, "UNRELEASED.md"), "- Add ApiKeyScope\n", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0",
            "--rollback-data-loss", "A copy only.", "--dacpac", fixture.Store.DacpacPath(SemanticVersion.Parse("1.1.0")));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("- Add ApiKeyScope", new SnapshotStore(snapshots).Open(SemanticVersion.Parse("1.1.0")).Summary);
        Assert.False(File.Exists(Path.Combine(snapshots, "UNRELEASED.md")));
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("02/01/2026")]
    [InlineData("2026-1-2")]
    public async Task Snapshot_refuses_a_date_that_is_not_a_real_yyyy_MM_dd_date(string date)
    {
        var snapshots = FreshSnapshotsWithV100();

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0", "--summary", "x",
            "--rollback-data-loss", "A copy only.", "--date", date, "--dacpac", fixture.Store.DacpacPath(SemanticVersion.Parse("1.1.0")));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--date '{date}' is not a date", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(snapshots, "v1.1.0")));
    }

    [Fact]
    public async Task Snapshot_checks_already_exists_before_anything_else()
    {
        var snapshots = CopySnapshots();

        // A bad date and a missing dacpac would fail too; the existing version is reported first, before any planning.
        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0", "--summary", "x",
            "--date", "not-a-date", "--dacpac", Path.Combine(scratch, "missing.dacpac"));

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Equal("error: Snapshot 1.1.0 already exists; released snapshots are immutable. Use a new version.", result.Error.Trim());
    }

    [Fact]
    public async Task Snapshot_refuses_data_loss_alerts_that_no_text_explains_and_writes_no_placeholder()
    {
        var snapshots = FreshSnapshotsWithV100();

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0", "--summary", "x",
            "--dacpac", fixture.Store.DacpacPath(SemanticVersion.Parse("1.1.0")));

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("The rollback to v1.0.0 raises 1 data-loss alert(s)", result.Error, StringComparison.Ordinal);
        Assert.Contains("--rollback-data-loss", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(snapshots, "v1.1.0")));
    }

    [Fact]
    public async Task Snapshot_without_alerts_records_none_and_never_a_review_placeholder()
    {
        var snapshots = FreshSnapshotsWithV100();

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "snapshot", "--version", "1.1.0", "--summary", "x",
            "--rollback-data-loss", "A copy only.", "--dacpac", fixture.Store.DacpacPath(SemanticVersion.Parse("1.1.0")));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var manifestText = await File.ReadAllTextAsync(Path.Combine(snapshots, "v1.1.0", SnapshotStore.ManifestFileName), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("REVIEW", manifestText, StringComparison.Ordinal);
        var manifest = new SnapshotStore(snapshots).Open(SemanticVersion.Parse("1.1.0"));
        Assert.Equal("none", manifest.Upgrade.DataLoss);
        Assert.Equal("A copy only.", manifest.Rollback.DataLoss);
    }

    private string FreshSnapshotsWithV100()
    {
        var snapshots = Path.Combine(scratch, "fresh-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(snapshots);
        SnapshotCopies.CopyRelease(SemanticVersion.Parse("1.0.0"), snapshots);
        return snapshots;
    }

    private string CopySnapshots()
    {
        var target = Path.Combine(scratch, "snapshots");
        SnapshotCopies.CopyAll(target);
        return target;
    }
}
