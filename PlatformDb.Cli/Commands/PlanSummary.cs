using PlatformDb.Cli.Core;
using System.Text;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Commands;

/// <summary>The human-readable account of a plan: operations, then data-loss alerts marked expected or not.</summary>
internal static class PlanSummary
{
    public static string Describe(string from, string to, DeployIntent intent, DeployReport report, IReadOnlyCollection<PlanAlert> expected)
    {
        var text = new StringBuilder();
        text.Append($"Plan {from} -> {to} ({intent.ToString().ToLowerInvariant()}): {report.Operations.Count} operation(s)\n");
        foreach (var operation in report.Operations)
        {
            text.Append($"  {operation}\n");
        }

        var alerts = report.Alerts.ToList();
        text.Append($"Alerts: {alerts.Count}\n");
        foreach (var alert in alerts)
        {
            var mark = !alert.IsDataLoss ? "info" : expected.Contains(alert) ? "expected" : "UNEXPECTED";
            text.Append($"  [{mark}] {alert}\n");
        }

        return text.ToString();
    }
}
