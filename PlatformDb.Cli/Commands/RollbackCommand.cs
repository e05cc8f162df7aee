using PlatformDb.Cli.Core;
using System.CommandLine;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb rollback --connection CS --to X`: plans, gates on data loss, then republishes an earlier release.</summary>
internal static class RollbackCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var to = new Option<string>("--to") { Description = "The earlier release to return to.", Required = true };
        var profile = CommonOptions.Profile();
        var allowDataLoss = CommonOptions.AllowDataLoss();
        var command = new Command("rollback", "Return a database to an earlier release, refusing unexpected data loss.")
        {
            connection, to, profile, allowDataLoss,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots);
            var target = CommonOptions.Target(parse, connection);
            var destination = SemanticVersion.Parse(parse.GetRequiredValue(to));
            var package = workspace.Resolver.Resolve(destination.ToString(), allowDatabase: false);

            var latest = await DeploymentHistory.LatestAsync(target, cancellationToken).ConfigureAwait(false);
            var deployed = latest.Release;

            if (deployed is not null && destination >= deployed)
            {
                throw new PlatformDbException($"{target.DatabaseName} is at {deployed}; {destination} is not older. Use 'platformdb apply --version {destination}'.");
            }

            var expected = workspace.Snapshots.ExpectedAlerts(deployed, destination);
            context.Output.WriteLine($"Rolling back {target.DatabaseName} from {latest.Version} to {destination}.");
            return await PublishFlow.RunAsync(context, workspace, package, target, DeployIntent.Rollback, expected,
                parse.GetValue(profile), parse.GetValue(allowDataLoss), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
