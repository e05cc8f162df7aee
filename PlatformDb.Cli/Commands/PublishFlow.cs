using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Releases;

namespace PlatformDb.Cli.Commands;

/// <summary>
/// What apply and rollback share: validate offline (profile, dacpac), read the deployment record, let the
/// <see cref="ReleaseDecider"/> decide, plan against the live database, pass the gate, publish, record the outcome.
/// </summary>
internal static class PublishFlow
{
    public static async Task<int> RunAsync(
        CommandContext context,
        Workspace workspace,
        PackageSource package,
        SqlTarget target,
        ReleaseAction action,
        string? profileName,
        bool allowDataLoss,
        CancellationToken cancellationToken)
    {
        // Everything that can be checked offline is checked before the first connection.
        var profile = profileName is null ? null : workspace.Profile(profileName);
        using var dacpac = package.Load();
        var sha256 = package.Sha256 ?? throw new InvalidOperationException($"{package.Label} has no hash.");

        context.Progress($"Connecting to {target.Label}");
        var log = await DeploymentHistory.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        var state = new DeploymentState(log);
        if (state.Explanation() is { } explanation)
        {
            context.Output.WriteLine(explanation);
        }

        var decision = new ReleaseDecider(workspace.Snapshots).Decide(
            state.Deployed, new ReleaseRequest(package, action, profile, allowDataLoss, dacpac.SqlCmdVariables.ToList()));
        if (decision.Intent == DeployIntent.Rollback)
        {
            context.Output.WriteLine($"Rolling back {target.DatabaseName} from {decision.From.Label} to {package.Label}.");
        }

        DeployReport? report = null;
        if (log.DatabaseExists)
        {
            context.Progress("Comparing");
            report = DeployPlanner.Report(dacpac, target, decision.Options, cancellationToken);
            context.Output.Write(PlanSummary.Describe($"database {target.DatabaseName}", package.Label, decision.Intent, report, decision.ExpectedPlanAlerts));
            foreach (var expected in decision.ExpectedAlerts.Where(a => report.DataLossAlerts.Contains(a.Alert)))
            {
                context.Output.WriteLine($"  expected by v{expected.Release}'s manifest: {expected.Reason}");
            }
        }
        else
        {
            context.Output.WriteLine($"Database {target.DatabaseName} does not exist; it will be created from {package.Label}.");
        }

        var gate = decision.Gate(report);
        if (!gate.Proceed)
        {
            throw new RefusedException($"refused, nothing was changed: {gate.Reason}.");
        }

        decision.Options.BlockOnPossibleDataLoss = gate.BlockOnPossibleDataLoss;
        var ticket = await DeploymentHistory.StartAsync(target, log, package.RecordedVersion, decision.RecordedAction, sha256, cancellationToken)
            .ConfigureAwait(false);
        context.Progress($"Publishing {package.Label} to {target.Label} ({gate.Reason})");
        try
        {
            Publisher.Publish(dacpac, target, decision.Options, context.Progress, cancellationToken);
        }
        catch (Exception e)
        {
            // A cancelled publish (Ctrl+C) is recorded too, so its started row does not stay 'started' for ever.
            var line = e is OperationCanceledException ? "the publish was cancelled" : ErrorReporter.Describe(e).Line;
            var failure = await RecordFailureAsync(() => DeploymentHistory.FailAsync(target, ticket, line, RecordingTimeout()), ticket, line)
                .ConfigureAwait(false);
            var next = failure.SchemaApplied == true
                ? "fix the cause and run the same command again, or roll back to the previous release"
                : "fix the cause and run the same command again";
            throw new PlatformDbException($"Publishing {package.Label} to {target.Label} failed: {failure.Text}. Next: {next}.", e);
        }

        await RecordCompletionAsync(() => DeploymentHistory.CompleteAsync(target, ticket, RecordingTimeout()), package.Label, target.Label)
            .ConfigureAwait(false);
        context.Progress("Done");
        context.Output.WriteLine($"Done: {decision.RecordedAction} to {package.Label} recorded in ops.DeploymentHistory.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Writing the record after the publish does not follow the command's token: the publish has happened, and a
    /// Ctrl+C now must not leave the row 'started'. Bounded, so a server gone away cannot hang the command.
    /// </summary>
    private static CancellationToken RecordingTimeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>
    /// Records the failure; if even that fails, for whatever reason (a dropped connection, an exhausted pool's
    /// InvalidOperationException, a timeout), the publish error is still what the user sees.
    /// </summary>
    internal static async Task<FailureRecord> RecordFailureAsync(Func<Task<FailureRecord>> record, DeploymentTicket ticket, string message)
    {
        try
        {
            return await record().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return new FailureRecord(null, ticket.DeploymentId, $"{message}; the failure could not be recorded ({ErrorReporter.Describe(e).Line})");
        }
    }

    /// <summary>
    /// Records a successful publish. If that write fails, the error says that the publish itself succeeded, so nobody
    /// concludes from "error: …" that the schema is unchanged.
    /// </summary>
    internal static async Task RecordCompletionAsync(Func<Task> record, string package, string target)
    {
        try
        {
            await record().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new PlatformDbException(
                $"Published {package} to {target}, but recording it in ops.DeploymentHistory failed: {ErrorReporter.Describe(e).Line}. " +
                "The publish itself succeeded; run 'platformdb history' and 'platformdb drift' to see what the record says.", e);
        }
    }
}
