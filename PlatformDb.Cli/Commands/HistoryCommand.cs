using System.CommandLine;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb history --connection CS`: the deployments recorded in ops.DeploymentHistory, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var connection = CommonOptions.Connection();
        var command = new Command("history", "List the deployments recorded in the database, newest first.") { connection };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var target = CommonOptions.Target(parse, connection);
            var records = await DeploymentHistory.ListAsync(target, cancellationToken).ConfigureAwait(false);
            if (records.Count == 0)
            {
                context.Output.WriteLine($"{target.DatabaseName} has no recorded deployments.");
                return ExitCodes.Success;
            }

            context.Output.WriteLine("   Id  Deployed (UTC)        Action    Version     Dacpac        By");
            foreach (var record in records)
            {
                context.Output.WriteLine(record.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
