using PlatformDb.Cli.Core;
using System.CommandLine;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb apply --connection CS [--version X|current]`: publishes a release with the safe options and records it.</summary>
internal static class ApplyCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var version = new Option<string>("--version") { Description = "Release to apply, or 'current' for the current build (default: the newest snapshot)." };
        var profile = CommonOptions.Profile();
        var allowDataLoss = CommonOptions.AllowDataLoss();
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("apply", "Publish a release (or the current build) to a database and record it.")
        {
            connection, version, profile, allowDataLoss, dacpac,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var target = CommonOptions.Target(parse, connection);
            var requested = parse.GetValue(version) ?? workspace.Snapshots.Newest?.ToString()
                ?? throw new PlatformDbException("There are no snapshots yet; pass --version current to apply the current build.");
            var package = workspace.Resolver.Resolve(requested, allowDatabase: false);

            var history = await DeploymentHistory.ListAsync(target, cancellationToken).ConfigureAwait(false);
            var deployed = history.FirstOrDefault()?.Release;
            if (deployed is not null && package.Version is not null && package.Version < deployed)
            {
                throw new PlatformDbException($"{target.DatabaseName} is at {deployed}; going back to {package.Version} is a rollback: use 'platformdb rollback --to {package.Version}'.");
            }

            var expected = workspace.Snapshots.ExpectedAlerts(deployed, package.Version);
            return await PublishFlow.RunAsync(context, workspace, package, target, DeployIntent.Apply, expected,
                parse.GetValue(profile), parse.GetValue(allowDataLoss), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
