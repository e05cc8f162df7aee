using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Tests.Offline.Releases;

/// <summary>Which deployment counts as the database's release, and what a half-finished publish means.</summary>
public sealed class DeploymentStateTests
{
    private static readonly DateTime At = new(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DeploymentStatus.Started, false)]
    [InlineData(DeploymentStatus.Failed, false)]
    public void A_deployment_whose_schema_did_not_commit_does_not_count(string status, bool schemaApplied)
    {
        var state = State(Row(3, "1.2.0", status, schemaApplied), Row(2, "1.1.0", DeploymentStatus.Completed, true));

        Assert.Equal("1.1.0", state.Effective?.Version);
        Assert.Equal("v1.1.0", state.Deployed.Label);
        Assert.True(state.IsHalfFinished);
    }

    [Theory]
    [InlineData(DeploymentStatus.SchemaApplied)]
    [InlineData(DeploymentStatus.Failed)]
    [InlineData(DeploymentStatus.Completed)]
    public void A_deployment_whose_schema_committed_counts(string status)
    {
        var state = State(Row(3, "1.2.0", status, schemaApplied: true), Row(2, "1.1.0", DeploymentStatus.Completed, true));

        Assert.Equal("1.2.0", state.Effective?.Version);
    }

    [Fact]
    public void Rows_of_the_older_table_shape_count_as_completed()
    {
        var legacy = new DeploymentRecord(1, "1.0.0", "apply", new string('a', 64), At, "sa", "1.0.0");

        Assert.True(legacy.SchemaApplied);
        Assert.Null(State(legacy).Explanation());
    }

    [Fact]
    public void A_failed_post_deployment_is_explained_with_the_version_whose_schema_the_database_has()
    {
        var state = State(Row(3, "1.2.0", DeploymentStatus.Failed, schemaApplied: true, "the schema change committed; a post-deployment script failed: boom"),
            Row(2, "1.1.0", DeploymentStatus.Completed, true));

        var text = state.Explanation();

        Assert.NotNull(text);
        Assert.Contains("most likely has 1.2.0's schema", text, StringComparison.Ordinal);
        Assert.Contains("boom", text, StringComparison.Ordinal);
        Assert.Contains("platformdb apply --version 1.2.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_before_the_schema_committed_is_explained_with_the_previous_release()
    {
        var state = State(Row(3, "1.2.0", DeploymentStatus.Failed, schemaApplied: false, "the schema change did not commit: guard"),
            Row(2, "1.1.0", DeploymentStatus.Completed, true));

        Assert.Contains("still has v1.1.0's schema", state.Explanation(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_rows_means_an_unknown_release()
    {
        var state = State();

        Assert.False(state.Deployed.IsKnown);
        Assert.False(state.IsHalfFinished);
    }

    private static DeploymentState State(params DeploymentRecord[] newestFirst) =>
        new(new DeploymentLog(true, HistoryShape.WithStatus, newestFirst));

    private static DeploymentRecord Row(int id, string version, string status, bool schemaApplied, string? message = null) =>
        new(id, version, "apply", new string('a', 64), At, "sa", "1.0.0", status, schemaApplied ? At : null,
            status is DeploymentStatus.Completed or DeploymentStatus.Failed ? At : null, message ?? (status == DeploymentStatus.Failed ? "failed" : null));
}
