using System.CommandLine;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Plans;

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
            var given = parse.GetValue(intentOption);
            var intent = ChooseIntent(source, destination, given);
            var profile = parse.GetValue(profileOption) is { } profileName ? workspace.Profile(profileName) : null;
            var options = DeployOptionsFactory.Create(intent, profile?.SqlCmdVariables);
            profile?.ApplyTo(options);
            // The intent decides drops, whatever the profile says (as for apply and rollback).
            options.DropObjectsNotInSource = intent != DeployIntent.Apply;
            var expected = workspace.Snapshots.ExpectedAlerts(source.Version, destination.Version);
            var request = new PlanRequest(source, destination, intent, DescribeChoice(source, destination, intent, given), options,
                profile is null ? null : Path.GetFileName(profile.Path), expected, workspace.Snapshots.Transitions(source.Version, destination.Version));

            context.Progress($"Planning {source.Label} -> {destination.Label} ({intent.ToString().ToLowerInvariant()})");
            using var package = destination.Load();
            DeployPlan plan;
            var differences = ModelDifferences.None;
            string[] limitations = [];
            if (source.Database is { } database)
            {
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

    /// <summary>
    /// Between releases and the current build the version order decides; where an end is a plain .dacpac there is no
    /// order, so the caller must choose, and a choice that contradicts the version order is refused.
    /// </summary>
    private static DeployIntent ChooseIntent(PackageSource from, PackageSource to, string? given)
    {
        var parsed = given switch
        {
            "apply" => DeployIntent.Apply,
            "rollback" => DeployIntent.Rollback,
            _ => (DeployIntent?)null,
        };
        if (!IsOrdered(from, to))
        {
            return parsed ?? throw new UsageException(
                $"Between {from.Label} and {to.Label} there is no version order: pass --intent apply (keep objects {to.Label} lacks) or --intent rollback (drop them).");
        }

        var byOrder = IsBackwards(from, to) ? DeployIntent.Rollback : DeployIntent.Apply;
        return parsed is null || parsed == byOrder
            ? byOrder
            : throw new UsageException($"{from.Label} -> {to.Label} is {(byOrder == DeployIntent.Apply ? "an apply" : "a rollback")} by version order; drop --intent or pass --intent {byOrder.ToString().ToLowerInvariant()}.");
    }

    private static IntentChoice DescribeChoice(PackageSource from, PackageSource to, DeployIntent intent, string? given)
    {
        var value = intent.ToString().ToLowerInvariant();
        var effect = intent == DeployIntent.Apply
            ? "objects the destination lacks are kept (DropObjectsNotInSource=false)"
            : "objects the destination lacks are dropped (DropObjectsNotInSource=true)";
        if (!IsOrdered(from, to))
        {
            return new IntentChoice(value, "--intent", $"given by the caller, as no version order relates {from.Label} and {to.Label}; {effect}");
        }

        var order = from.Database is not null
            ? "a plan from a live database previews an apply"
            : IsBackwards(from, to) ? $"{to.Label} is older than {from.Label}" : $"{to.Label} is not older than {from.Label}";
        return new IntentChoice(value, "version order", $"{order}; {effect}");
    }

    /// <summary>Releases and the current build are ordered (current is newest); a live database is planned as an apply.</summary>
    private static bool IsOrdered(PackageSource from, PackageSource to) =>
        (from.Version is not null || from.IsCurrent || from.Database is not null) && (to.Version is not null || to.IsCurrent);

    /// <summary>Going to an older release is a rollback; the current build counts as newer than every snapshot.</summary>
    private static bool IsBackwards(PackageSource from, PackageSource to) =>
        (from, to) switch
        {
            ({ Version: { } a }, { Version: { } b }) => b < a,
            ({ IsCurrent: true }, { Version: not null }) => true,
            _ => false,
        };

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
