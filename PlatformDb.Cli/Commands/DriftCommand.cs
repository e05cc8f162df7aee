using PlatformDb.Cli.Core;
using System.CommandLine;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb drift --connection CS`: what differs between the database and the release it last received.</summary>
internal static class DriftCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("drift", "Report objects that differ from the snapshot of the recorded version (exit 2 on drift).")
        {
            connection, dacpac,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var target = CommonOptions.Target(parse, connection);
            var latest = await DeploymentHistory.LatestAsync(target, cancellationToken).ConfigureAwait(false);
            var package = workspace.Resolver.Resolve(latest.Version, allowDatabase: false);
            if (!string.Equals(package.Sha256, latest.DacpacSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new PlatformDbException($"The recorded deployment ({latest.Version}, sha256 {latest.DacpacSha256[..12]}…) is not the dacpac at hand ({package.Sha256[..12]}…); pass --dacpac with the one that was deployed.");
            }

            using var dacpacPackage = package.Load();
            var report = DeployPlanner.Report(dacpacPackage, target, DeployOptionsFactory.Create(DeployIntent.Drift), cancellationToken);
            if (report.IsEmpty)
            {
                context.Output.WriteLine($"No drift: {target.DatabaseName} matches {package.Label}.");
                return ExitCodes.Success;
            }

            context.Output.WriteLine($"Drift: {target.DatabaseName} differs from {package.Label} in {report.Operations.Count} place(s); publishing {package.Label} would:");
            foreach (var operation in report.Operations)
            {
                context.Output.WriteLine($"  {operation}");
            }

            return ExitCodes.CheckFailed;
        });
        return command;
    }
}
