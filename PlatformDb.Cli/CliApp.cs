using System.CommandLine;
using PlatformDb.Cli.Commands;

namespace PlatformDb.Cli;

/// <summary>The `platformdb` command line: parses, calls one service per command, prints.</summary>
public static class CliApp
{
    /// <summary>Adds the stack trace to an error line.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "On error, also print the stack trace.", Recursive = true };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "PlatformDb schema tooling: data-model docs, snapshots, plans, apply, rollback, drift, history, bench and smoke.\n\n" + ExitCodes.HelpText);
        var snapshots = CommonOptions.Snapshots();
        root.Options.Add(snapshots);
        root.Options.Add(Verbose);
        root.Subcommands.Add(DocsCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create(snapshots));
        root.Subcommands.Add(PlanCommand.Create(snapshots));
        root.Subcommands.Add(ApplyCommand.Create(snapshots));
        root.Subcommands.Add(RollbackCommand.Create(snapshots));
        root.Subcommands.Add(DriftCommand.Create(snapshots));
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(BenchCommand.Create(snapshots));
        root.Subcommands.Add(SmokeCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line per problem and a distinct code, so a pipeline tells a typo from a failed deployment.
            foreach (var problem in parseResult.Errors)
            {
                // A connection string typed without its option is echoed back as an unknown argument: blank its password.
                await error.WriteLineAsync(Core.Secrets.Redact($"error: {problem.Message.ReplaceLineEndings(" ").Trim()}"));
            }

            await error.WriteLineAsync("Run 'platformdb --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Every exception is reported by CommandAction as one line; no default stack traces.
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
