using PlatformDb.Cli.Core;
using System.CommandLine;
using System.Globalization;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb snapshot --version X.Y.Z`: freezes the current build into Snapshots/ as a new release.</summary>
internal static class SnapshotCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var version = new Option<string>("--version") { Description = "The new release version, MAJOR.MINOR.PATCH.", Required = true };
        var summary = new Option<string?>("--summary") { Description = "What the release changes (default: the text of Snapshots/UNRELEASED.md)." };
        var rollbackNote = new Option<string?>("--rollback-data-loss") { Description = "In words: what a rollback to the previous release loses, or why nothing although alerts are raised." };
        var upgradeNote = new Option<string?>("--upgrade-data-loss") { Description = "In words: what the upgrade from the previous release loses." };
        var date = new Option<string?>("--date") { Description = "Release date, yyyy-MM-dd (default: today, UTC)." };
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("snapshot", "Freeze the current build into Snapshots/ as an immutable release.")
        {
            version, summary, rollbackNote, upgradeNote, date, dacpac,
        };

        CommandAction.Set(command, (parse, context, _) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var store = workspace.Snapshots;
            var newVersion = SemanticVersion.Parse(parse.GetRequiredValue(version));
            var notes = File.Exists(workspace.UnreleasedNotes) ? File.ReadAllText(workspace.UnreleasedNotes).Trim() : null;
            var releaseSummary = parse.GetValue(summary) ?? notes
                ?? throw new PlatformDbException("Say what the release changes: pass --summary or write Snapshots/UNRELEASED.md.");
            var previous = store.Newest;

            var (upgrade, rollback) = previous is null ? ([], []) : PlanBothWays(store.DacpacPath(previous), workspace.CurrentDacpac);

            var manifest = store.Freeze(newVersion, workspace.CurrentDacpac, sha => new SnapshotManifest
            {
                Version = newVersion.ToString(),
                Date = parse.GetValue(date) ?? DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Dacpac = SnapshotStore.DacpacFileName,
                Sha256 = sha,
                Summary = releaseSummary,
                Previous = previous?.ToString(),
                Upgrade = new TransitionExpectation
                {
                    ExpectedAlerts = upgrade,
                    DataLoss = parse.GetValue(upgradeNote) ?? (upgrade.Count == 0 ? "none" : "REVIEW: describe what is lost"),
                },
                Rollback = new TransitionExpectation
                {
                    ExpectedAlerts = rollback,
                    DataLoss = parse.GetValue(rollbackNote) ?? (rollback.Count == 0 ? "none" : "REVIEW: describe what is lost"),
                },
            });

            if (notes is not null)
            {
                File.Delete(workspace.UnreleasedNotes);
            }

            context.Output.WriteLine($"Snapshot v{manifest.Version} written to {Path.Combine(store.Directory, newVersion.FolderName)} (sha256 {manifest.Sha256}).");
            foreach (var (label, alerts) in new[] { ("upgrade", upgrade), ("rollback", rollback) })
            {
                context.Output.WriteLine($"Expected {label} data-loss alerts from/to {previous?.ToString() ?? "nothing"}: {alerts.Count}");
                foreach (var alert in alerts)
                {
                    context.Output.WriteLine($"  {alert}");
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Data-loss alerts of the upgrade previous→new and of the rollback new→previous, planned offline.</summary>
    private static (IReadOnlyList<PlanAlert> Upgrade, IReadOnlyList<PlanAlert> Rollback) PlanBothWays(string previousDacpac, string newDacpac)
    {
        using var previous = PackageLoader.Load(previousDacpac);
        using var next = PackageLoader.Load(newDacpac);
        var upgrade = DeployPlanner.Plan(next, previous, DeployOptionsFactory.Create(DeployIntent.Apply));
        var rollback = DeployPlanner.Plan(previous, next, DeployOptionsFactory.Create(DeployIntent.Rollback));
        return (upgrade.Report.DataLossAlerts.ToList(), rollback.Report.DataLossAlerts.ToList());
    }
}
