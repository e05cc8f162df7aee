using System.Text;

namespace PlatformDb.Cli.Plans;

/// <summary>summary.txt and the console: a plan in the order a reviewer reads it.</summary>
public static class PlanText
{
    public static string Render(PlanDescription plan)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"Plan {plan.From.Label} -> {plan.To.Label} ({plan.Intent.Value}): {plan.Operations.Count} operation(s)");
        Line($"Intent: {plan.Intent.Value}, chosen by {plan.Intent.ChosenBy}: {plan.Intent.Reason}");
        Line($"From:   {End(plan.From)}");
        Line($"To:     {End(plan.To)}");
        Line($"Database name in the script: {plan.DatabaseName}");
        Line($"Profile: {plan.Profile ?? "none (PlatformDb's default options)"}");
        Line("SQLCMD values: " + (plan.SqlCmdVariables.Count == 0 ? "none" : string.Join(", ", plan.SqlCmdVariables.Select(kv => $"{kv.Key}={kv.Value}"))));

        if (plan.Releases.Count > 0)
        {
            Line();
            Line("Releases passed:");
            foreach (var release in plan.Releases)
            {
                Line($"  v{release.Version} ({release.Direction}): {release.Summary}");
                Line($"    Data loss: {release.DataLoss}");
            }
        }

        Line();
        if (plan.Operations.Count == 0)
        {
            Line("No changes: the plan has zero operations; the destination already matches the starting point under these options.");
        }
        else
        {
            Line($"Operations: {plan.Operations.Count}");
            foreach (var operation in plan.Operations)
            {
                Line($"  {operation.Operation} {operation.Object} ({operation.Type})");
            }
        }

        if (plan.AlteredTables.Count > 0)
        {
            Line();
            Line("Altered tables (columns, from the two models):");
            foreach (var table in plan.AlteredTables)
            {
                Line($"  {table.Table}");
                foreach (var c in table.Added)
                {
                    Line($"    + {c.Column} {c.After}");
                }

                foreach (var c in table.Dropped)
                {
                    Line($"    - {c.Column} {c.Before}");
                }

                foreach (var c in table.Changed)
                {
                    Line($"    ~ {c.Column} {c.Before} -> {c.After}");
                }
            }
        }

        Line();
        Line($"Alerts: {plan.Alerts.Count}");
        foreach (var alert in plan.Alerts)
        {
            var mark = alert.Status == AlertVerdict.Unexpected ? "UNEXPECTED" : alert.Status;
            Line($"  [{mark}] {alert.Name}: {alert.Issue}");
            if (alert.DataLoss)
            {
                Line($"    Reason: {alert.Reason}");
            }
        }

        Line();
        Line(plan.KeptObjects.Count == 0
            ? "Kept objects: none (nothing in the starting point is left out of this plan)"
            : $"Kept objects: {plan.KeptObjects.Count} in the starting point but not the destination, left in place");
        foreach (var kept in plan.KeptObjects)
        {
            Line($"  {kept.Name} ({kept.Type}); dropped only by: {kept.DroppedBy}");
        }

        Line();
        Line($"Permission statements: {(plan.Permissions.Count == 0 ? "none" : plan.Permissions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var permission in plan.Permissions)
        {
            Line($"  {permission.Action} {permission.Permission} ON {permission.On} {(permission.Action == "REVOKE" ? "FROM" : "TO")} {permission.Principal}");
        }

        Line();
        Line($"Post-deployment scripts the publish runs: {(plan.PostDeployScripts.Count == 0 ? "none" : plan.PostDeployScripts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (var script in plan.PostDeployScripts)
        {
            Line($"  {script}");
        }

        foreach (var limitation in plan.Limitations)
        {
            Line($"Note: {limitation}");
        }

        if (plan.HasUndeclaredDataLoss)
        {
            Line();
            Line("Result: the plan holds data-loss alerts that no release manifest declares (exit code 4).");
        }

        return text.ToString();
    }

    private static string End(PlanEnd end) =>
        $"{end.Label} [{end.Kind}]" + (end.Sha256 is null ? "" : $" sha256 {end.Sha256}");
}
