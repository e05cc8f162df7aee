using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Plans;

/// <summary>What a plan was asked for: its two ends, the intent, the options and the release knowledge around it.</summary>
public sealed record PlanRequest(
    PackageSource From,
    PackageSource To,
    DeployIntent Intent,
    IntentChoice IntentChoice,
    DacDeployOptions Options,
    string? ProfileName,
    IReadOnlyCollection<PlanAlert> Expected,
    IReadOnlyList<ReleaseTransition> Releases);

/// <summary>Turns a computed plan and what was asked for into a <see cref="PlanDescription"/>: pure, no I/O.</summary>
public static class PlanDescriber
{
    public const string UndeclaredReason = "no manifest declares it";

    public static PlanDescription Describe(
        PlanRequest request, DeployPlan plan, string databaseName, ModelDifferences differences, string? postDeployScript, IReadOnlyList<string> limitations)
    {
        var drops = plan.Report.Operations.Where(o => o.Name == "Drop").Select(o => o.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new PlanDescription
        {
            From = End(request.From),
            To = End(request.To),
            Intent = request.IntentChoice,
            DatabaseName = databaseName,
            Profile = request.ProfileName,
            SqlCmdVariables = request.Options.SqlCommandVariableValues.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Releases = request.Releases
                .Select(r => new ReleaseNote(r.Version.ToString(), r.Direction, r.Summary, r.Expectation.DataLoss)).ToList(),
            Operations = plan.Report.Operations.Select(o => new OperationItem(o.Name, o.Value, o.Type)).ToList(),
            Alerts = plan.Report.Alerts.Select(a => Verdict(a, request)).ToList(),
            KeptObjects = Kept(differences.OnlyInStart, drops)
                .Select(o => new KeptObject(o.Name, o.Type, DroppedBy(o.Type, request.Options)))
                .ToList(),
            AlteredTables = differences.AlteredTables,
            Permissions = ScriptFacts.Permissions(plan.Script),
            PostDeployScripts = ScriptFacts.PostDeployAnnouncements(postDeployScript),
            Limitations = limitations,
        };
    }

    /// <summary>
    /// Objects only the starting point has that the plan leaves in place: not dropped, and not part of an object that is
    /// dropped or is itself listed (a kept table's key or index goes with the table).
    /// </summary>
    public static IEnumerable<StartOnlyObject> Kept(IReadOnlyList<StartOnlyObject> onlyInStart, IReadOnlySet<string> drops)
    {
        var owners = onlyInStart.Select(o => o.Name).Concat(drops).ToList();
        bool Within(string? name) => name is not null && owners.Any(owner =>
            string.Equals(name, owner, StringComparison.OrdinalIgnoreCase)
            || name.StartsWith(owner + ".", StringComparison.OrdinalIgnoreCase));
        return onlyInStart.Where(o => !drops.Contains(ReportName(o.Name)) && !Within(o.Owner));
    }

    /// <summary>
    /// The name a deploy report uses for a model element: model.xml names an extended property after its host's type
    /// too ("[SqlColumn].[ops].[T].[C].[MS_Description]"), the report does not ("[ops].[T].[C].[MS_Description]").
    /// </summary>
    public static string ReportName(string modelName) =>
        modelName.StartsWith("[Sql", StringComparison.Ordinal) && modelName.IndexOf("].", StringComparison.Ordinal) is > 0 and var end
            ? modelName[(end + 2)..]
            : modelName;

    /// <summary>A data-loss alert is expected when a manifest passed on the way declares it; its reason is that manifest's text.</summary>
    public static AlertVerdict Verdict(PlanAlert alert, PlanRequest request)
    {
        if (!alert.IsDataLoss)
        {
            return new AlertVerdict(alert.Name, alert.Issue, false, AlertVerdict.Info, "not a data-loss alert");
        }

        if (!request.Expected.Contains(alert))
        {
            return new AlertVerdict(alert.Name, alert.Issue, true, AlertVerdict.Unexpected, UndeclaredReason);
        }

        var declaring = request.Releases.FirstOrDefault(r => r.Expectation.ExpectedAlerts.Contains(alert));
        var reason = declaring is null
            ? "declared as expected"
            : $"v{declaring.Version} manifest ({declaring.Direction}): {declaring.Expectation.DataLoss}";
        return new AlertVerdict(alert.Name, alert.Issue, true, AlertVerdict.Expected, reason);
    }

    /// <summary>The option that would drop an object the destination lacks, given the options this plan used.</summary>
    public static string DroppedBy(string modelType, DacDeployOptions options)
    {
        // ObjectType names are plural ("Permissions"); model types singular and sometimes longer ("PermissionStatement")
        // or shorter ("Role" for DatabaseRoles).
        var protectedType = options.DoNotDropObjectTypes?.Cast<ObjectType?>().FirstOrDefault(t =>
            t.ToString()!.TrimEnd('s') is var singular
            && (string.Equals(modelType, singular, StringComparison.OrdinalIgnoreCase)
                || string.Equals(modelType, singular + "Statement", StringComparison.OrdinalIgnoreCase)
                || string.Equals("Database" + modelType, singular, StringComparison.OrdinalIgnoreCase)));
        if (protectedType is { } never)
        {
            return $"never dropped by a publish: DoNotDropObjectTypes includes {never}";
        }

        return options.DropObjectsNotInSource
            ? "DropObjectsNotInSource is on, yet DacFx keeps it (see the report)"
            : "DropObjectsNotInSource (the rollback intent: --intent rollback)";
    }

    private static PlanEnd End(PackageSource source)
    {
        var kind = source switch
        {
            { Database: not null } => "database",
            { IsCurrent: true } => "current",
            { Version: not null } => "release",
            _ => "dacpac",
        };
        return new PlanEnd(source.Label, kind, source.Version?.ToString(), source.DacpacPath is null ? null : source.Sha256, source.DacpacPath);
    }
}
