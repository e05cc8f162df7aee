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
        var rollbackNote = new Option<string?>("--rollback-data-loss") { Description = "In words: what a rollback to the previous release loses, or why nothing although alerts are raised. Required when the rollback raises data-loss alerts." };
        var upgradeNote = new Option<string?>("--upgrade-data-loss") { Description = "In words: what the upgrade from the previous release loses. Required when the upgrade raises data-loss alerts." };
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
            // Before anything costly: a released version is never planned, let alone overwritten, nor a mislabelled build.
            store.EnsureCanFreeze(newVersion, workspace.CurrentDacpac);
            var releaseDate = ReleaseDate(parse.GetValue(date));
            var notes = File.Exists(workspace.UnreleasedNotes) ? File.ReadAllText(workspace.UnreleasedNotes).Trim() : null;
            var releaseSummary = parse.GetValue(summary) ?? notes
                ?? throw new UsageException("Say what the release changes: pass --summary or write Snapshots/UNRELEASED.md.");
            var previous = store.Newest;

            context.Progress(previous is null ? "First release: nothing to plan against" : $"Planning upgrade from and rollback to v{previous}");
            var (upgrade, rollback) = previous is null ? ([], []) : PlanBothWays(store.DacpacPath(previous), workspace.CurrentDacpac);
            var upgradeText = DataLossText("upgrade", upgrade, parse.GetValue(upgradeNote), "--upgrade-data-loss", previous);
            var rollbackText = DataLossText("rollback", rollback, parse.GetValue(rollbackNote), "--rollback-data-loss", previous);

            var manifest = store.Freeze(newVersion, workspace.CurrentDacpac, sha => new SnapshotManifest
            {
                Version = newVersion.ToString(),
                Date = releaseDate,
                Dacpac = SnapshotStore.DacpacFileName,
                Sha256 = sha,
                Summary = releaseSummary,
                Previous = previous?.ToString(),
                Upgrade = new TransitionExpectation { ExpectedAlerts = upgrade, DataLoss = upgradeText },
                Rollback = new TransitionExpectation { ExpectedAlerts = rollback, DataLoss = rollbackText },
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

    /// <summary>The release date: --date as a real yyyy-MM-dd date, or today (UTC).</summary>
    internal static string ReleaseDate(string? given)
    {
        if (given is null)
        {
            return DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw new UsageException($"--date '{given}' is not a date in the form yyyy-MM-dd (e.g. 2026-01-31).");
    }

    /// <summary>
    /// The manifest's words on data loss for one direction. Alerts without words are refused: a release whose plan may
    /// lose data is frozen only once someone has said what is lost, or why nothing is.
    /// </summary>
    internal static string DataLossText(string direction, IReadOnlyList<PlanAlert> alerts, string? given, string option, SemanticVersion? previous)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given.Trim();
        }

        return alerts.Count == 0
            ? "none"
            : throw new RefusedException(
                $"The {direction} {(direction == "upgrade" ? "from" : "to")} v{previous} raises {alerts.Count} data-loss alert(s) ({alerts[0].Issue}{(alerts.Count > 1 ? " …" : "")}); " +
                $"say what is lost, or why nothing is, with {option} \"…\". Nothing was written.");
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
