using System.CommandLine;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb plan --from A --to B --out DIR`: the deploy script and report that take A to B.</summary>
internal static class PlanCommand
{
    public static Command Create(Option<DirectoryInfo?> snapshots)
    {
        var from = new Option<string>("--from") { Description = "Starting point: a version, 'current', a .dacpac or a connection string.", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: a version, 'current' or a .dacpac.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for deploy.sql, report.xml and summary.txt.", Required = true };
        var dacpac = CommonOptions.CurrentDacpac();
        var command = new Command("plan", "Write the deploy script and report between two versions; offline when both are dacpacs.")
        {
            from, to, output, dacpac,
        };

        CommandAction.Set(command, (parse, context, cancellationToken) =>
        {
            var workspace = CommonOptions.Workspace(parse, snapshots, dacpac);
            var resolver = workspace.Resolver;
            var source = resolver.Resolve(parse.GetRequiredValue(from), allowDatabase: true);
            var destination = resolver.Resolve(parse.GetRequiredValue(to), allowDatabase: false);
            var decision = new ReleaseDecider(workspace.Snapshots).Decide(ReleasePoint.Of(source), new ReleaseRequest(destination, ReleaseAction.Plan));
            var intent = decision.Intent;
            var options = decision.Options;

            using var package = destination.Load();
            DeployPlan plan;
            if (source.Database is { } database)
            {
                context.Progress($"Connecting to {database.Label}");
                database.EnsureReachable(cancellationToken);
                context.Progress("Comparing");
                plan = DeployPlanner.Plan(package, database, options, cancellationToken);
            }
            else
            {
                using var target = source.Load();
                plan = DeployPlanner.Plan(package, target, options);
            }

            var expected = decision.ExpectedPlanAlerts;
            var summary = PlanSummary.Describe(source.Label, destination.Label, intent, plan.Report, expected);
            var files = plan.WriteTo(parse.GetRequiredValue(output).FullName, summary);

            context.Output.Write(summary);
            foreach (var file in files)
            {
                context.Output.WriteLine($"Wrote {file}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
