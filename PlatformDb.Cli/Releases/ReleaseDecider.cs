using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Releases;

/// <summary>What the user asked for.</summary>
public enum ReleaseAction
{
    /// <summary>`apply`: move forward (or repair the same release).</summary>
    Apply,

    /// <summary>`rollback`: return to an earlier release.</summary>
    Rollback,

    /// <summary>`plan`: the direction follows from the two ends.</summary>
    Plan,

    /// <summary>`drift`: compare only.</summary>
    Drift,
}

/// <summary>A request to move a database (or a plan's start) to a package.</summary>
/// <param name="Package">The requested package: a release, the current build, or a plain dacpac.</param>
/// <param name="Action">What the user asked for; for a plain dacpac it is the only direction there is.</param>
/// <param name="Profile">The publish profile, laid over the safe defaults.</param>
/// <param name="AllowDataLoss">--allow-data-loss.</param>
/// <param name="DeclaredSqlCmdVariables">The SQLCMD variables the package declares; null when not known (offline plans).</param>
/// <param name="ChosenIntent">`plan --intent`: required where no version order relates the ends (a plain dacpac), refused where it contradicts it.</param>
/// <param name="FromLiveDatabase">`plan --from` a connection string: a preview of an apply unless --intent says otherwise.</param>
public sealed record ReleaseRequest(
    PackageSource Package,
    ReleaseAction Action,
    PublishProfile? Profile = null,
    bool AllowDataLoss = false,
    IReadOnlyCollection<string>? DeclaredSqlCmdVariables = null,
    DeployIntent? ChosenIntent = null,
    bool FromLiveDatabase = false);

/// <summary>A data-loss alert a release manifest expects, with the manifest's reason why it is acceptable.</summary>
public sealed record ExpectedAlert(PlanAlert Alert, SemanticVersion Release, string Reason);

/// <summary>The outcome of <see cref="ReleaseDecider.Decide"/>: what to run and what to accept.</summary>
public sealed record ReleaseDecision(
    DeployIntent Intent,
    DacDeployOptions Options,
    IReadOnlyList<ExpectedAlert> ExpectedAlerts,
    bool AllowDataLoss,
    ReleasePoint From,
    ReleasePoint To)
{
    /// <summary>Who chose the intent ("version order", "--intent", "the command") and why, for the plan's summary.</summary>
    public (string ChosenBy, string Reason) IntentChoice { get; init; } = ("the command", "");

    /// <summary>The expected alerts as DacFx words them, for the gate and the plan summary.</summary>
    public IReadOnlyList<PlanAlert> ExpectedPlanAlerts => ExpectedAlerts.Select(a => a.Alert).Distinct().ToList();

    /// <summary>The history action recorded for this publish.</summary>
    public string RecordedAction => Intent == DeployIntent.Rollback ? "rollback" : "apply";

    /// <summary>The data-loss gate on a deploy report; null when the database does not exist yet (no data to lose).</summary>
    public GateDecision Gate(DeployReport? report) =>
        report is null
            ? new GateDecision(true, true, [], "new database")
            : DataLossGate.Evaluate(report, ExpectedPlanAlerts, AllowDataLoss);
}

/// <summary>
/// The one place that decides a release move: its direction ("going to an older release is a rollback"; apply to an
/// older release and rollback to a newer or equal one are refused), its deploy options (the profile over the safe
/// defaults, with <c>DropObjectsNotInSource</c> set by the intent whatever the profile says, and SQLCMD values only for
/// variables the package declares), and the data-loss alerts that every manifest on the way expects. Pure apart from
/// reading manifests from the snapshot store.
/// </summary>
public sealed class ReleaseDecider(SnapshotStore snapshots)
{
    /// <param name="deployed">Where the database stands (its effective deployment), or a plan's starting point.</param>
    /// <param name="request">What is asked for.</param>
    public ReleaseDecision Decide(ReleasePoint deployed, ReleaseRequest request)
    {
        var to = ReleasePoint.Of(request.Package);
        var (intent, chosenBy, reason) = request.Action == ReleaseAction.Plan
            ? PlanDirection(deployed, to, request)
            : (Direction(deployed, to, request.Action), "the command", $"'{request.Action.ToString().ToLowerInvariant()}' was asked for");
        var options = DeployOptionsFactory.Create(intent, request.Profile?.SqlCmdVariables, request.DeclaredSqlCmdVariables);
        request.Profile?.ApplyOptionsTo(options);
        // Apply never drops what the dacpac does not know; rollback and drift must match the release exactly.
        options.DropObjectsNotInSource = intent != DeployIntent.Apply;
        var expected = intent == DeployIntent.Drift ? [] : ExpectedAlerts(deployed, to);
        var effect = intent == DeployIntent.Apply
            ? "objects the destination lacks are kept (DropObjectsNotInSource=false)"
            : "objects the destination lacks are dropped (DropObjectsNotInSource=true)";
        return new ReleaseDecision(intent, options, expected, request.AllowDataLoss, deployed, to)
        {
            IntentChoice = (chosenBy, $"{reason}; {effect}"),
        };
    }

    /// <summary>Whether going from <paramref name="from"/> to <paramref name="to"/> goes back; null when either end has no place in the release line.</summary>
    public static bool? IsBackwards(ReleasePoint from, ReleasePoint to) =>
        (from, to) switch
        {
            ({ Version: { } a }, { Version: { } b }) => b < a,
            // The current build counts as newer than every release.
            ({ IsCurrent: true }, { Version: not null }) => true,
            ({ IsCurrent: true }, { IsCurrent: true }) => false,
            ({ Version: not null }, { IsCurrent: true }) => false,
            _ => null,
        };

    /// <summary>
    /// A plan's direction: the version order where there is one (current is newest; a live database start previews an
    /// apply); where an end is a plain dacpac there is no order, so the caller must choose; a choice that contradicts
    /// the order is refused.
    /// </summary>
    private static (DeployIntent Intent, string ChosenBy, string Reason) PlanDirection(ReleasePoint from, ReleasePoint to, ReleaseRequest request)
    {
        var backwards = request.FromLiveDatabase && to.IsKnown ? false : IsBackwards(from, to);
        var chosen = request.ChosenIntent;
        if (backwards is null)
        {
            return chosen is { } given
                ? (given, "--intent", $"given by the caller, as no version order relates {from.Label} and {to.Label}")
                : throw new UsageException(
                    $"Between {from.Label} and {to.Label} there is no version order: pass --intent apply (keep objects {to.Label} lacks) or --intent rollback (drop them).");
        }

        var byOrder = backwards.Value ? DeployIntent.Rollback : DeployIntent.Apply;
        if (chosen is { } contradicting && contradicting != byOrder)
        {
            throw new UsageException(
                $"{from.Label} -> {to.Label} is {(byOrder == DeployIntent.Apply ? "an apply" : "a rollback")} by version order; drop --intent or pass --intent {byOrder.ToString().ToLowerInvariant()}.");
        }

        var order = request.FromLiveDatabase
            ? "a plan from a live database previews an apply"
            : backwards.Value ? $"{to.Label} is older than {from.Label}" : $"{to.Label} is not older than {from.Label}";
        return (byOrder, "version order", order);
    }

    private static DeployIntent Direction(ReleasePoint from, ReleasePoint to, ReleaseAction action)
    {
        var backwards = IsBackwards(from, to);
        switch (action)
        {
            case ReleaseAction.Drift:
                return DeployIntent.Drift;
            case ReleaseAction.Apply when backwards == true:
                throw new RefusedException(
                    $"The database is at {from.Label}; going to {to.Label} is a rollback: use 'platformdb rollback --to {to.Version?.ToString() ?? to.Label}'.");
            case ReleaseAction.Apply:
                return DeployIntent.Apply;
            case ReleaseAction.Rollback when to.IsKnown && !from.IsKnown:
                throw new PlatformDbException(
                    "The database has no recorded deployment whose schema was applied, so there is nothing to roll back from; use 'platformdb apply'.");
            case ReleaseAction.Rollback when to.IsKnown && backwards != true:
                throw new RefusedException(
                    $"The database is at {from.Label}; {to.Label} is not older. Use 'platformdb apply --version {to.Version?.ToString() ?? "current"}'.");
            default:
                return DeployIntent.Rollback;
        }
    }

    /// <summary>
    /// The upgrade expectations of every release passed on the way up, or the rollback expectations of every release
    /// undone on the way down; none when either end is not a release line point (a plain dacpac has no manifest).
    /// </summary>
    private List<ExpectedAlert> ExpectedAlerts(ReleasePoint from, ReleasePoint to)
    {
        var backwards = IsBackwards(from, to);
        if (backwards is null || (backwards == false && from.Version is null))
        {
            // Unplaced ends, or the current build onto itself: no manifest lies on the way.
            return [];
        }

        var (low, high) = backwards.Value ? (to.Version!, from.Version) : (from.Version!, to.Version);
        return snapshots.Passed(low, high, upgrade: !backwards.Value)
            .OrderBy(t => t.Version)
            .SelectMany(t => t.Expectation.ExpectedAlerts.Select(alert => new ExpectedAlert(alert, t.Version, t.Expectation.DataLoss)))
            .ToList();
    }
}
