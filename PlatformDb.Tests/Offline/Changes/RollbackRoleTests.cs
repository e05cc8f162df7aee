using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// A rollback never drops a database role: DROP ROLE fails with error 15144 once an environment has added members, and
/// that would stop the rollback midway (docs/change-process.md, DoNotDropObjectTypes includes DatabaseRoles since v1.5.0).
/// </summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed class RollbackRoleTests(SnapshotPlansFixture fixture)
{
    [Fact]
    public void The_rollback_plan_to_the_newest_release_drops_no_role()
    {
        var script = fixture.Plan("current", fixture.Newest.ToString()).Script;

        Assert.DoesNotContain("DROP ROLE", script, StringComparison.OrdinalIgnoreCase);
    }
}
