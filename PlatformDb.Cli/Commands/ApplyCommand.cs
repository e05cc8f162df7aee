using System.CommandLine;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb apply --connection CS [--version X|current|file.dacpac]`: publishes a release with the safe options and records it.</summary>
internal static class ApplyCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var version = new Option<string>("--version") { Description = "Release to apply, 'current' for the current build, or a .dacpac (default: the newest snapshot)." };
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
            return await PublishFlow.RunAsync(context, workspace, package, target, ReleaseAction.Apply,
                parse.GetValue(profile), parse.GetValue(allowDataLoss), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
