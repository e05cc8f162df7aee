using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Releases;

/// <summary>The one release decision, on a three-release line built in memory and planned offline with DacFx.</summary>
public sealed class ReleaseDeciderTests : IDisposable
{
    private readonly ReleaseChain chain = ReleaseChain.ThreeReleases();

    public void Dispose() => chain.Dispose();

    [Fact]
    public void A_rollback_over_two_releases_expects_the_alerts_of_both_manifests_with_their_reasons_and_passes_the_gate()
    {
        var decision = Decide(At("1.2.0"), "1.0.0", ReleaseAction.Rollback);

        Assert.Equal(DeployIntent.Rollback, decision.Intent);
        Assert.True(decision.Options.DropObjectsNotInSource);
        Assert.Equal(
            [
                (ReleaseChain.Dropped("AccountNote"), "1.1.0", ReleaseChain.RollbackReason("1.1.0")),
                (ReleaseChain.Dropped("AccountTag"), "1.2.0", ReleaseChain.RollbackReason("1.2.0")),
            ],
            decision.ExpectedAlerts.Select(a => (a.Alert, a.Release.ToString(), a.Reason)));

        var gate = decision.Gate(OfflineReport("1.0.0", "1.2.0", decision));

        Assert.True(gate.Proceed, gate.Reason);
        Assert.False(gate.BlockOnPossibleDataLoss);
        Assert.Empty(gate.Unexpected);
    }

    [Fact]
    public void A_rollback_alert_no_manifest_declares_is_refused_and_named()
    {
        using var undeclared = ReleaseChain.ThreeReleases(declareRollback: v => v != SemanticVersion.Parse("1.2.0"));
        var decision = new ReleaseDecider(undeclared.Store).Decide(At("1.2.0"), Request(undeclared.Store, "1.0.0", ReleaseAction.Rollback));

        var gate = decision.Gate(OfflineReport("1.0.0", "1.2.0", decision, undeclared.Store));

        Assert.False(gate.Proceed);
        Assert.Equal([ReleaseChain.Dropped("AccountTag")], gate.Unexpected);
        Assert.Contains("--allow-data-loss", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_data_loss_lets_the_undeclared_alert_through_with_the_guard_lifted()
    {
        using var undeclared = ReleaseChain.ThreeReleases(declareRollback: _ => false);
        var decision = new ReleaseDecider(undeclared.Store).Decide(
            At("1.2.0"), Request(undeclared.Store, "1.0.0", ReleaseAction.Rollback) with { AllowDataLoss = true });

        var gate = decision.Gate(OfflineReport("1.0.0", "1.2.0", decision, undeclared.Store));

        Assert.True(gate.Proceed);
        Assert.False(gate.BlockOnPossibleDataLoss);
        Assert.Equal(2, gate.Unexpected.Count);
    }

    [Fact]
    public void An_upgrade_over_two_releases_never_drops_unknown_objects_whatever_the_profile_says()
    {
        var profile = Profile("<DropObjectsNotInSource>True</DropObjectsNotInSource><CommandTimeout>17</CommandTimeout>");

        var decision = Decide(At("1.0.0"), "1.2.0", ReleaseAction.Apply, profile);

        Assert.Equal(DeployIntent.Apply, decision.Intent);
        Assert.False(decision.Options.DropObjectsNotInSource);
        Assert.Equal(17, decision.Options.CommandTimeout);
        Assert.Empty(decision.ExpectedAlerts);
        Assert.Empty(OfflineReport("1.2.0", "1.0.0", decision).DataLossAlerts);
    }

    [Fact]
    public void A_rollback_drops_what_the_older_release_lacks_whatever_the_profile_says()
    {
        var decision = Decide(At("1.1.0"), "1.0.0", ReleaseAction.Rollback, Profile("<DropObjectsNotInSource>False</DropObjectsNotInSource>"));

        Assert.True(decision.Options.DropObjectsNotInSource);
        Assert.True(decision.Options.BlockOnPossibleDataLoss);
    }

    [Theory]
    [InlineData("1.2.0", "1.1.0")]
    [InlineData("1.1.0", "1.0.0")]
    public void Apply_to_an_older_release_is_refused_and_points_to_rollback(string deployed, string requested)
    {
        var error = Assert.Throws<RefusedException>(() => Decide(At(deployed), requested, ReleaseAction.Apply));

        Assert.Contains($"platformdb rollback --to {requested}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.1.0", "1.1.0")]
    [InlineData("1.0.0", "1.2.0")]
    public void Rollback_to_a_newer_or_equal_release_is_refused_and_points_to_apply(string deployed, string requested)
    {
        var error = Assert.Throws<RefusedException>(() => Decide(At(deployed), requested, ReleaseAction.Rollback));

        Assert.Contains($"platformdb apply --version {requested}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_without_a_recorded_release_is_an_error()
    {
        Assert.Throws<PlatformDbException>(() => Decide(ReleasePoint.Unknown, "1.0.0", ReleaseAction.Rollback));
    }

    [Fact]
    public void Reapplying_the_deployed_release_is_an_apply_that_expects_nothing()
    {
        var decision = Decide(At("1.1.0"), "1.1.0", ReleaseAction.Apply);

        Assert.Equal(DeployIntent.Apply, decision.Intent);
        Assert.Empty(decision.ExpectedAlerts);
    }

    [Theory]
    [InlineData("1.2.0", "1.0.0", DeployIntent.Rollback)]
    [InlineData("1.0.0", "1.2.0", DeployIntent.Apply)]
    [InlineData("current", "1.1.0", DeployIntent.Rollback)]
    [InlineData("1.1.0", "current", DeployIntent.Apply)]
    public void A_plan_going_to_an_older_release_is_a_rollback(string from, string to, DeployIntent intent)
    {
        var decision = Decide(ReleasePoint.Recorded(from), to, ReleaseAction.Plan);

        Assert.Equal(intent, decision.Intent);
    }

    [Fact]
    public void Going_back_from_the_current_build_expects_the_rollback_alerts_of_every_newer_release()
    {
        var decision = Decide(ReleasePoint.Recorded("current"), "1.0.0", ReleaseAction.Rollback);

        Assert.Equal([ReleaseChain.Dropped("AccountNote"), ReleaseChain.Dropped("AccountTag")], decision.ExpectedPlanAlerts);
    }

    [Theory]
    [InlineData(ReleaseAction.Apply, DeployIntent.Apply)]
    [InlineData(ReleaseAction.Rollback, DeployIntent.Rollback)]
    public void A_plain_dacpac_goes_the_way_the_caller_chose_and_expects_nothing(ReleaseAction action, DeployIntent intent)
    {
        var package = new PackageSourceResolver(chain.Store, () => "unused").Resolve(chain.ForeignDacpac(), allowDatabase: false);

        var decision = new ReleaseDecider(chain.Store).Decide(At("1.2.0"), new ReleaseRequest(package, action));

        Assert.Equal(intent, decision.Intent);
        Assert.Empty(decision.ExpectedAlerts);
    }

    [Fact]
    public void A_foreign_dacpac_gets_no_platformdb_sqlcmd_values()
    {
        var path = chain.ForeignDacpac();
        using var package = DacPackage.Load(path);
        var source = new PackageSourceResolver(chain.Store, () => "unused").Resolve(path, allowDatabase: false);

        var decision = new ReleaseDecider(chain.Store).Decide(At("1.2.0"),
            new ReleaseRequest(source, ReleaseAction.Apply, Profile(""), DeclaredSqlCmdVariables: package.SqlCmdVariables.ToList()));

        Assert.Empty(package.SqlCmdVariables);
        Assert.Empty(decision.Options.SqlCommandVariableValues);
    }

    [Fact]
    public void A_package_that_declares_the_variables_gets_the_profile_values()
    {
        var prod = PublishProfile.Load(PublishProfile.PathFor(RepoPaths.Root, "prod"));
        using var built = DacPackage.Load(RepoPaths.BuiltDacpac);

        var decision = Decide(At("1.0.0"), "1.1.0", ReleaseAction.Apply, prod, built.SqlCmdVariables.ToList());

        Assert.Equal("prod", decision.Options.SqlCommandVariableValues["Environment"]);
        Assert.Equal("false", decision.Options.SqlCommandVariableValues["SeedDevData"]);
    }

    [Fact]
    public void Drift_compares_with_drops_and_expects_nothing()
    {
        var decision = Decide(At("1.2.0"), "1.2.0", ReleaseAction.Drift);

        Assert.Equal(DeployIntent.Drift, decision.Intent);
        Assert.True(decision.Options.DropObjectsNotInSource);
        Assert.Empty(decision.ExpectedAlerts);
    }

    [Fact]
    public void A_new_database_passes_the_gate_with_the_guard_on()
    {
        var gate = Decide(ReleasePoint.Unknown, "1.2.0", ReleaseAction.Apply).Gate(report: null);

        Assert.True(gate.Proceed);
        Assert.True(gate.BlockOnPossibleDataLoss);
    }

    private static ReleasePoint At(string version) => ReleasePoint.Recorded(version);

    private ReleaseDecision Decide(ReleasePoint deployed, string requested, ReleaseAction action, PublishProfile? profile = null, IReadOnlyCollection<string>? declared = null) =>
        new ReleaseDecider(chain.Store).Decide(deployed, Request(chain.Store, requested, action) with { Profile = profile, DeclaredSqlCmdVariables = declared });

    private ReleaseRequest Request(SnapshotStore store, string requested, ReleaseAction action) =>
        new(new PackageSourceResolver(store, () => chain.ForeignDacpac()).Resolve(requested, allowDatabase: false), action);

    /// <summary>The report of publishing <paramref name="to"/> over a database shaped like <paramref name="from"/>, with the decision's options.</summary>
    private DeployReport OfflineReport(string to, string from, ReleaseDecision decision, SnapshotStore? store = null)
    {
        store ??= chain.Store;
        using var source = DacPackage.Load(store.DacpacPath(SemanticVersion.Parse(to)));
        using var target = DacPackage.Load(store.DacpacPath(SemanticVersion.Parse(from)));
        return DeployPlanner.Plan(source, target, decision.Options).Report;
    }

    private static PublishProfile Profile(string properties) =>
        PublishProfile.Parse("test.publish.xml", System.Xml.Linq.XDocument.Parse(
            $"""<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><PropertyGroup>{properties}</PropertyGroup></Project>"""));
}
