using System.CommandLine;
using System.Text.Json;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb drift --connection CS [--json]`: what differs between the database and the release whose schema it last received.</summary>
internal static class DriftCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var connection = CommonOptions.Connection();
        var dacpac = CommonOptions.CurrentDacpac();
        var json = CommonOptions.Json();
        var command = new Command("drift", "Report objects that differ from the snapshot of the effective recorded version (exit 2 on drift).")
        {
            connection, dacpac, json,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var target = CommonOptions.Target(parse, connection);
            context.Progress($"Connecting to {target.Label}");
            var log = await DeploymentHistory.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            var state = new DeploymentState(log);
            var effective = state.Effective ?? throw new PlatformDbException(state.Latest is null
                ? $"Database {target.DatabaseName} has no deployment history; it was never published with 'platformdb apply'."
                : $"Database {target.DatabaseName} has no deployment whose schema was applied. {state.Explanation()}");
            var package = workspace.Resolver.Resolve(effective.Version, allowDatabase: false);
            if (!string.Equals(package.Sha256, effective.DacpacSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new PlatformDbException($"The recorded deployment ({effective.Version}, sha256 {effective.DacpacSha256[..12]}…) is not the dacpac at hand ({package.Sha256?[..12]}…); pass --dacpac with the one that was deployed.");
            }

            using var dacpacPackage = package.Load();
            var decision = new ReleaseDecider(workspace.Snapshots).Decide(
                state.Deployed, new ReleaseRequest(package, ReleaseAction.Drift, DeclaredSqlCmdVariables: dacpacPackage.SqlCmdVariables.ToList()));
            context.Progress("Comparing");
            var report = DeployPlanner.Report(dacpacPackage, target, decision.Options, cancellationToken);
            var code = report.IsEmpty ? ExitCodes.Success : ExitCodes.CheckFailed;

            if (parse.GetValue(json))
            {
                var document = new DriftJson(
                    1, target.Server, target.DatabaseName, !report.IsEmpty,
                    new ComparedJson(package.Label, package.Version?.ToString() ?? effective.Version, package.Sha256!),
                    DeploymentJson.From(effective), state.Latest is { } latest ? DeploymentJson.From(latest) : null,
                    state.IsHalfFinished, state.Explanation(),
                    report.Operations.Select(o => new OperationJson(o.Name, o.Value, o.Type)).ToList());
                context.Output.WriteLine(JsonSerializer.Serialize(document, HistoryJson.Options));
                return code;
            }

            if (state.Explanation() is { } explanation)
            {
                context.Output.WriteLine(explanation);
            }

            if (report.IsEmpty)
            {
                context.Output.WriteLine($"No drift: {target.DatabaseName} matches {package.Label}.");
                return code;
            }

            context.Output.WriteLine($"Drift: {target.DatabaseName} differs from {package.Label} in {report.Operations.Count} place(s); publishing {package.Label} would:");
            foreach (var operation in report.Operations)
            {
                context.Output.WriteLine($"  {operation}");
            }

            return code;
        });
        return command;
    }
}

/// <summary>The `drift --json` document (docs/json-drift-history.md).</summary>
internal sealed record DriftJson(
    int FormatVersion,
    string Server,
    string Database,
    bool Drift,
    ComparedJson ComparedWith,
    DeploymentJson Effective,
    DeploymentJson? Latest,
    bool HalfFinished,
    string? Explanation,
    IReadOnlyList<OperationJson> Operations);

internal sealed record ComparedJson(string Label, string Version, string DacpacSha256);

internal sealed record OperationJson(string Name, string Object, string Type);
