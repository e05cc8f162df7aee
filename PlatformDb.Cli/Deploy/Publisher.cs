using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Deploy;

/// <summary>Publishes a dacpac to a database and reports each step as it completes.</summary>
public static class Publisher
{
    /// <summary>
    /// Runs the connect preflight (a network error in seconds, naming the server), then publishes. Every publish,
    /// the CLI's and the live test fixture's, goes through here.
    /// </summary>
    public static void Publish(DacPackage package, SqlTarget target, DacDeployOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        target.EnsureReachable(cancellationToken);
        var services = new DacServices(target.ServerConnectionString);
        services.ProgressChanged += (_, e) =>
        {
            if (e.Status is DacOperationStatus.Completed or DacOperationStatus.Faulted)
            {
                progress($"{e.Status.ToString().ToLowerInvariant()}: {e.Message}");
            }
        };
        services.Message += (_, e) =>
        {
            if (e.Message.MessageType == DacMessageType.Message && !string.IsNullOrWhiteSpace(e.Message.Message))
            {
                progress(e.Message.Message.Trim());
            }
        };
        services.Deploy(package, target.DatabaseName, upgradeExisting: true, options, cancellationToken);
    }
}
