using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Deploy;

/// <summary>Computes deploy plans with DacFx: offline between two dacpacs, or against a live database.</summary>
public static class DeployPlanner
{
    /// <summary>
    /// Plans the change that turns a database shaped like <paramref name="target"/> into <paramref name="source"/>.
    /// One DacFx comparison yields both the script and the report.
    /// </summary>
    public static DeployPlan Plan(DacPackage source, DacPackage target, DacDeployOptions options) =>
        ToPlan(DacServices.Script(source, target, DatabaseNameOf(source), ScriptAndReport(options)));

    /// <summary>Plans the change that turns the live database into <paramref name="source"/> (one comparison).</summary>
    public static DeployPlan Plan(DacPackage source, SqlTarget target, DacDeployOptions options, CancellationToken cancellationToken) =>
        ToPlan(new DacServices(target.ServerConnectionString)
            .Script(source, target.DatabaseName, ScriptAndReport(options, cancellationToken)));

    /// <summary>Only the report of that change: what apply, rollback and drift need (one comparison, not two).</summary>
    public static DeployReport Report(DacPackage source, SqlTarget target, DacDeployOptions options, CancellationToken cancellationToken) =>
        DeployReport.Parse(new DacServices(target.ServerConnectionString)
            .GenerateDeployReport(source, target.DatabaseName, options, cancellationToken));

    /// <summary>
    /// The database name an offline script sets (its :setvar DatabaseName): the destination dacpac's own name from
    /// its metadata, so a plan between foreign dacpacs carries no PlatformDb name. A live plan uses the real name.
    /// </summary>
    public static string DatabaseNameOf(DacPackage package) =>
        string.IsNullOrWhiteSpace(package.Name) ? "Database" : package.Name;

    internal static PublishOptions ScriptAndReport(DacDeployOptions options, CancellationToken? cancellationToken = null) => new()
    {
        DeployOptions = options,
        GenerateDeploymentScript = true,
        GenerateDeploymentReport = true,
        CancelToken = cancellationToken,
    };

    private static DeployPlan ToPlan(PublishResult result) =>
        new(result.DatabaseScript, DeployReport.Parse(result.DeploymentReport));
}
