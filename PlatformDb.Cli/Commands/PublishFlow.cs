using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Commands;

/// <summary>
/// What apply and rollback share: plan against the live database, show the plan, pass the data-loss gate,
/// publish, record the deployment.
/// </summary>
internal static class PublishFlow
{
    public static async Task<int> RunAsync(
        CommandContext context,
        Workspace workspace,
        PackageSource package,
        SqlTarget target,
        DeployIntent intent,
        IReadOnlyCollection<PlanAlert> expected,
        string? profileName,
        bool allowDataLoss,
        CancellationToken cancellationToken)
    {
        var profile = profileName is null ? null : workspace.Profile(profileName);
        var options = DeployOptionsFactory.Create(intent, profile?.SqlCmdVariables);
        profile?.ApplyTo(options);
        // The intent decides drops, whatever the profile says: apply never drops unknown objects, rollback always does.
        options.DropObjectsNotInSource = intent != DeployIntent.Apply;

        using var dacpac = package.Load();
        GateDecision decision;
        if (await DeploymentHistory.DatabaseExistsAsync(target, cancellationToken))
        {
            var report = DeployPlanner.Report(dacpac, target, options, cancellationToken);
            context.Output.Write(PlanSummary.Describe($"database {target.DatabaseName}", package.Label, intent, report, expected));
            decision = DataLossGate.Evaluate(report, expected, allowDataLoss);
        }
        else
        {
            // A database that does not exist yet holds no data to lose.
            context.Output.WriteLine($"Database {target.DatabaseName} does not exist; it will be created from {package.Label}.");
            decision = new GateDecision(true, true, [], "new database");
        }

        if (!decision.Proceed)
        {
            context.Error.WriteLine($"error: refused, nothing was changed: {decision.Reason}.");
            return ExitCodes.Refused;
        }

        options.BlockOnPossibleDataLoss = decision.BlockOnPossibleDataLoss;
        context.Output.WriteLine($"Publishing {package.Label} to {target.DatabaseName} ({decision.Reason}).");
        Publisher.Publish(dacpac, target, options, line => context.Output.WriteLine($"  {line}"), cancellationToken);

        var action = intent == DeployIntent.Rollback ? "rollback" : "apply";
        await DeploymentHistory.RecordAsync(target, package.RecordedVersion, action, package.Sha256, cancellationToken);
        context.Output.WriteLine($"Done: {action} to {package.Label} recorded in ops.DeploymentHistory.");
        return ExitCodes.Success;
    }
}
