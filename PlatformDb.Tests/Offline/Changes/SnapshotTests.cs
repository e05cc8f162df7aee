using System.Text;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>Released snapshots are immutable, chained, and their manifests predict what their plans do.</summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed class SnapshotTests(SnapshotPlansFixture fixture)
{
    public static TheoryData<string> Releases => new(new SnapshotStore(RepoPaths.Snapshots).Versions().Select(v => v.ToString()));

    /// <summary>Each release with the one before it.</summary>
    public static TheoryData<string, string> ConsecutiveReleases
    {
        get
        {
            var versions = new SnapshotStore(RepoPaths.Snapshots).Versions();
            var data = new TheoryData<string, string>();
            foreach (var (previous, next) in versions.Zip(versions.Skip(1)))
            {
                data.Add(previous.ToString(), next.ToString());
            }

            return data;
        }
    }

    [Fact]
    public void The_first_two_releases_exist()
    {
        Assert.Contains(SemanticVersion.Parse("1.0.0"), fixture.Versions);
        Assert.Contains(SemanticVersion.Parse("1.1.0"), fixture.Versions);
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public void Snapshot_bytes_match_the_hash_in_its_manifest(string version)
    {
        var manifest = SnapshotManifest.Read(fixture.Store.ManifestPath(SemanticVersion.Parse(version)));

        var actual = SnapshotStore.Sha256Of(fixture.Store.DacpacPath(SemanticVersion.Parse(version)));

        Assert.Equal(manifest.Sha256, actual);
        Assert.Equal(version, manifest.Version);
        Assert.False(string.IsNullOrWhiteSpace(manifest.Summary));
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public void Snapshot_carries_its_own_version_in_the_dacpac(string version)
    {
        var package = fixture.Package(version);

        Assert.Equal(version, package.Version?.ToString(3));
    }

    [Theory]
    [MemberData(nameof(ConsecutiveReleases))]
    public void Manifest_names_the_release_it_follows(string previous, string next)
    {
        var manifest = fixture.Store.Open(SemanticVersion.Parse(next));

        Assert.Equal(previous, manifest.Previous);
    }

    [Theory]
    [MemberData(nameof(ConsecutiveReleases))]
    public void Upgrade_raises_exactly_the_data_loss_alerts_its_manifest_expects(string previous, string next)
    {
        var expected = fixture.Store.Open(SemanticVersion.Parse(next)).Upgrade.ExpectedAlerts;

        var actual = fixture.Plan(previous, next).Report.DataLossAlerts.ToList();

        Assert.Equal(expected.OrderBy(a => a.Issue), actual.OrderBy(a => a.Issue));
    }

    [Theory]
    [MemberData(nameof(ConsecutiveReleases))]
    public void Rollback_raises_exactly_the_data_loss_alerts_its_manifest_expects(string previous, string next)
    {
        var manifest = fixture.Store.Open(SemanticVersion.Parse(next));

        var actual = fixture.Plan(next, previous).Report.DataLossAlerts.ToList();

        Assert.Equal(manifest.Rollback.ExpectedAlerts.OrderBy(a => a.Issue), actual.OrderBy(a => a.Issue));
        Assert.True(actual.Count == 0 || manifest.Rollback.DataLoss != "none",
            "A rollback with data-loss alerts must say in its manifest what is lost, or why nothing is.");
    }

    [Theory]
    [MemberData(nameof(ConsecutiveReleases))]
    public void Upgrade_and_rollback_scripts_parse_as_sql_server_2022(string previous, string next)
    {
        foreach (var (from, to) in new[] { (previous, next), (next, previous) })
        {
            var (_, errors) = SqlScripts.Parse(fixture.Plan(from, to).Script);

            Assert.True(errors.Count == 0, $"{from}->{to}: " + string.Join("; ", errors.Select(e => $"({e.Line},{e.Column}) {e.Message}")));
        }
    }

    [Fact]
    public void Plans_between_the_newest_release_and_the_build_parse_in_both_directions()
    {
        var newest = fixture.Newest.ToString();

        foreach (var (from, to) in new[] { (newest, "current"), ("current", newest) })
        {
            var (_, errors) = SqlScripts.Parse(fixture.Plan(from, to).Script);

            Assert.True(errors.Count == 0, $"{from}->{to}: " + string.Join("; ", errors.Select(e => e.Message)));
        }
    }

    [Fact]
    public void Build_equals_the_newest_release_unless_unreleased_changes_are_listed()
    {
        var newest = fixture.Newest.ToString();
        var upgrade = fixture.Plan(newest, "current");
        var postDeployChanged = PostDeploy(fixture.Package("current")) != PostDeploy(fixture.Package(newest));
        var notes = Path.Combine(RepoPaths.Snapshots, "UNRELEASED.md");

        if (upgrade.Report.IsEmpty && !postDeployChanged)
        {
            Assert.False(File.Exists(notes), "The build equals the newest release, so Snapshots/UNRELEASED.md should not exist.");
            return;
        }

        Assert.True(File.Exists(notes),
            $"The build differs from v{newest} ({string.Join(", ", upgrade.Report.Operations.Take(5))}{(postDeployChanged ? ", post-deployment script" : "")}); " +
            "describe the change in Snapshots/UNRELEASED.md or cut a release with 'platformdb snapshot'.");
        Assert.Contains(File.ReadAllLines(notes), line => line.TrimStart().StartsWith("- ", StringComparison.Ordinal));
    }

    private static string PostDeploy(Microsoft.SqlServer.Dac.DacPackage package)
    {
        using var stream = package.PostDeploymentScript;
        if (stream is null)
        {
            return string.Empty;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
