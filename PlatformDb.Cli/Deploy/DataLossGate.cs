using PlatformDb.Cli.Core;
namespace PlatformDb.Cli.Deploy;

/// <summary>The gate's answer: go ahead (and whether DacFx's own row guard stays on), or refuse.</summary>
public sealed record GateDecision(bool Proceed, bool BlockOnPossibleDataLoss, IReadOnlyList<PlanAlert> Unexpected, string Reason);

/// <summary>
/// Decides whether a plan's data-loss alerts may run. Alerts a release manifest lists as expected have been reviewed
/// (the manifest says what, if anything, is lost); anything else needs --allow-data-loss.
/// </summary>
public static class DataLossGate
{
    public static GateDecision Evaluate(DeployReport report, IReadOnlyCollection<PlanAlert> expected, bool allowDataLoss)
    {
        var dataLoss = report.DataLossAlerts.ToList();
        if (dataLoss.Count == 0)
        {
            return new GateDecision(true, true, [], "no data-loss alerts");
        }

        var unexpected = dataLoss.Where(a => !expected.Contains(a)).ToList();
        if (unexpected.Count == 0)
        {
            // Reviewed and recorded in the manifest; DacFx's guard would halt on any non-empty table, so it is lifted.
            return new GateDecision(true, false, [], "every data-loss alert is expected by the release manifest");
        }

        return allowDataLoss
            ? new GateDecision(true, false, unexpected, "--allow-data-loss given")
            : new GateDecision(false, true, unexpected, "unexpected data-loss alerts; review them and pass --allow-data-loss to accept the loss");
    }
}
