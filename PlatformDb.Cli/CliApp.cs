using System.CommandLine;
using PlatformDb.Cli.Commands;

namespace PlatformDb.Cli;

/// <summary>The `platformdb` command line: parses, calls one service per command, prints.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("PlatformDb schema tooling: data-model docs, snapshots, plans, apply, rollback, drift and history.");
        var snapshots = CommonOptions.Snapshots();
        root.Options.Add(snapshots);
        root.Subcommands.Add(DocsCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create(snapshots));
        root.Subcommands.Add(PlanCommand.Create(snapshots));
        root.Subcommands.Add(ApplyCommand.Create(snapshots));
        root.Subcommands.Add(RollbackCommand.Create(snapshots));
        root.Subcommands.Add(DriftCommand.Create(snapshots));
        root.Subcommands.Add(HistoryCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = BuildRoot().Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Errors are reported as one line by CommandAction.Run; no stack traces.
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
