using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// A rollback never drops a database role: DROP ROLE fails with error 15144 once an environment has added members, and
/// that would stop the rollback midway (docs/change-process.md, DoNotDropObjectTypes includes DatabaseRoles since v1.5.0).
/// </summary>
[Collection(SnapshotPlansCollection.Name)]
public sealed class RollbackRoleTests(SnapshotPlansFixture fixture)
{
    /// <summary>v1.4.1 is the last release without the roles, masks and tenant policy of v1.5.0; released snapshots never change.</summary>
    private const string BeforeTenantIsolation = "1.4.1";

    [Fact]
    public void The_rollback_plan_to_the_release_before_the_new_roles_drops_no_role()
    {
        var script = fixture.Plan("current", BeforeTenantIsolation).Script;

        Assert.DoesNotContain("DROP ROLE", script, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A schema-bound policy blocks changes to its predicate function and predicate columns (RLS docs), so the rollback
    /// must drop it before it touches a table or a function, and the upgrade must create it after every table and function
    /// it depends on (docs/security.md, "Tenant isolation").
    /// </summary>
    [Fact]
    public void The_rollback_drops_the_tenant_policy_before_any_table_or_function_change_and_the_upgrade_creates_it_last()
    {
        var down = fixture.Plan("current", BeforeTenantIsolation).Script;
        var up = fixture.Plan(BeforeTenantIsolation, "current").Script;

        var drop = down.IndexOf("DROP SECURITY POLICY [security].[TenantIsolationPolicy]", StringComparison.Ordinal);
        Assert.True(drop >= 0, "The rollback plan does not drop the tenant isolation policy.");
        Assert.All(new[] { "\nALTER TABLE ", "\nDROP INDEX ", "\nDROP FUNCTION ", "\nCREATE FUNCTION ", "\nDROP TABLE " }, statement =>
        {
            var first = down.IndexOf(statement, StringComparison.Ordinal);
            Assert.True(first < 0 || first > drop, $"The rollback plan runs{statement.TrimEnd()} before it drops the policy.");
        });

        // Only the schema transaction: the post-deployment script after it creates temporary tables and DacFx re-checks
        // constraints there (ALTER TABLE ... WITH CHECK CHECK CONSTRAINT).
        var schema = up[..Math.Max(0, up.IndexOf("The transacted portion of the database update succeeded.", StringComparison.Ordinal))];
        var create = schema.IndexOf("CREATE SECURITY POLICY [security].[TenantIsolationPolicy]", StringComparison.Ordinal);
        Assert.True(create >= 0, "The upgrade plan does not create the tenant isolation policy in the schema transaction.");
        Assert.True(schema.LastIndexOf("\nCREATE FUNCTION [security].[TenantAccessPredicate]", create, StringComparison.Ordinal) >= 0,
            "The predicate is not created before the policy.");
        Assert.All(new[] { "\nCREATE TABLE [", "\nALTER TABLE [", "\nCREATE FUNCTION ", "\nALTER FUNCTION " }, statement =>
            Assert.True(schema.IndexOf(statement, create, StringComparison.Ordinal) < 0,
                $"The upgrade plan runs{statement.TrimEnd()} after it creates the policy."));
    }
}
