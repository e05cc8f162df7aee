using System.CommandLine;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Plans;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb plan --from A --to B [--out DIR] [--json]`: the deploy script and report that take A to B, explained.</summary>
internal static class PlanCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var from = new Option<string>("--from") { Description = "Starting point: a version, 'current', a .dacpac or a connection string.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: a version, 'current' or a .dacpac.", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for deploy.sql, report.xml, summary.txt and plan.json." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON on stdout (shape: docs/json-plan.md); other lines go to stderr." };
        var intentOption = new Option<string?>("--intent")
        {
            Description = "apply (keep objects the destination lacks) or rollback (drop them). Required when an end is a plain .dacpac; otherwise the version order decides.",
        };
        intentOption.AcceptOnlyFromAmong("apply", "rollback");
        var profileOption = CommonOptions.Profile();
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("plan", "Write the deploy script and report between two versions, explained; offline when both are dacpacs. Exit 4: undeclared data loss.")
        {
            from, to, output, json, intentOption, profileOption, dacpac,
        };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var resolver = workspace.Resolver;
            var source = resolver.Resolve(parse.GetRequiredValue(from), allowDatabase: true);
            var destination = resolver.Resolve(parse.GetRequiredValue(to), allowDatabase: false);
            var chosen = parse.GetValue(intentOption) switch
            {
                "apply" => DeployIntent.Apply,
                "rollback" => DeployIntent.Rollback,
                _ => (DeployIntent?)null,
            };
            var profile = parse.GetValue(profileOption) is { } profileName ? workspace.Profile(profileName) : null;
            var decision = new ReleaseDecider(workspace.Snapshots).Decide(ReleasePoint.Of(source), new ReleaseRequest(
                destination, ReleaseAction.Plan, profile, ChosenIntent: chosen, FromLiveDatabase: source.Database is not null));
            var intent = decision.Intent;
            var options = decision.Options;
            var expected = decision.ExpectedPlanAlerts;
            var request = new PlanRequest(source, destination, intent,
                new IntentChoice(intent.ToString().ToLowerInvariant(), decision.IntentChoice.ChosenBy, decision.IntentChoice.Reason),
                options, profile is null ? null : Path.GetFileName(profile.Path), expected,
                workspace.Snapshots.Transitions(source.Version, destination.Version));

            context.Progress($"Planning {source.Label} -> {destination.Label} ({intent.ToString().ToLowerInvariant()})");
            using var package = destination.Load();
            DeployPlan plan;
            var differences = ModelDifferences.None;
            string[] limitations = [];
            if (source.Database is { } database)
            {
                context.Progress($"Connecting to {database.Label}");
                database.EnsureReachable(cancellationToken);
                context.Progress("Comparing");
                plan = DeployPlanner.Plan(package, database, options, cancellationToken);
                limitations = ["kept objects and altered columns come from comparing two dacpac models; not computed against a live database."];
            }
            else
            {
                // The model comparison runs beside DacFx's, so the extra detail costs little wall time.
                var comparing = Task.Run(() => ModelDifferences.Compare(destination.DacpacPath!, source.DacpacPath!), cancellationToken);
                using var target = source.Load();
                plan = DeployPlanner.Plan(package, target, options);
                differences = await comparing.ConfigureAwait(false);
            }

            var databaseName = source.Database?.DatabaseName ?? DeployPlanner.DatabaseNameOf(package);
            var description = PlanDescriber.Describe(request, plan, databaseName, differences, ReadPostDeploy(package), limitations);
            var summary = PlanText.Render(description);
            var planJson = PlanJson.Render(description);
            var files = parse.GetValue(output) is { } folder ? plan.WriteTo(folder.FullName, summary, planJson) : [];

            var lines = parse.GetValue(json) ? context.Error : context.Output;
            if (parse.GetValue(json))
            {
                await context.Output.WriteAsync(planJson).ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteAsync(summary).ConfigureAwait(false);
            }

            foreach (var file in files)
            {
                await lines.WriteLineAsync($"Wrote {file}").ConfigureAwait(false);
            }

            return description.HasUndeclaredDataLoss ? ExitCodes.UndeclaredDataLoss : ExitCodes.Success;
        });
        return command;
    }

    private static string? ReadPostDeploy(Microsoft.SqlServer.Dac.DacPackage package)
    {
        using var stream = package.PostDeploymentScript;
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
