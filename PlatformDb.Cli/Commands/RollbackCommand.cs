using System.CommandLine;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb rollback --connection CS --to X`: plans, gates on data loss, then republishes an earlier release.</summary>
internal static class RollbackCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var to = new Option<string>("--to") { Description = "The earlier release to return to (or a .dacpac, published as a rollback).", Required = true };
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
            var package = workspace.Resolver.Resolve(parse.GetRequiredValue(to), allowDatabase: false);
            return await PublishFlow.RunAsync(context, workspace, package, target, ReleaseAction.Rollback,
                parse.GetValue(profile), parse.GetValue(allowDataLoss), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
