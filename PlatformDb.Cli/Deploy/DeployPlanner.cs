using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Deploy;

/// <summary>Computes deploy plans with DacFx: offline between two dacpacs, or against a live database.</summary>
public static class DeployPlanner
{
    /// <summary>The database name written into offline scripts; a live publish uses the target's real name.</summary>
    public const string OfflineDatabaseName = "PlatformDb";

    /// <summary>Plans the change that turns a database shaped like <paramref name="target"/> into <paramref name="source"/>.</summary>
    public static DeployPlan Plan(DacPackage source, DacPackage target, DacDeployOptions options)
    {
        var script = DacServices.GenerateDeployScript(source, target, OfflineDatabaseName, options);
        var report = DacServices.GenerateDeployReport(source, target, OfflineDatabaseName, options);
        return new DeployPlan(script, DeployReport.Parse(report));
    }

    /// <summary>Plans the change that turns the live database into <paramref name="source"/>.</summary>
    public static DeployPlan Plan(DacPackage source, SqlTarget target, DacDeployOptions options, CancellationToken cancellationToken)
    {
        var services = new DacServices(target.ServerConnectionString);
        var script = services.GenerateDeployScript(source, target.DatabaseName, options, cancellationToken);
        var report = services.GenerateDeployReport(source, target.DatabaseName, options, cancellationToken);
        return new DeployPlan(script, DeployReport.Parse(report));
    }

    /// <summary>Only the report of that change: what apply, rollback and drift need (one comparison, not two).</summary>
    public static DeployReport Report(DacPackage source, SqlTarget target, DacDeployOptions options, CancellationToken cancellationToken) =>
        DeployReport.Parse(new DacServices(target.ServerConnectionString)
            .GenerateDeployReport(source, target.DatabaseName, options, cancellationToken));
}
