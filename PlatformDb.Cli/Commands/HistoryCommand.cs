using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb history --connection CS [--json]`: the deployments recorded in ops.DeploymentHistory, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var connection = CommonOptions.Connection();
        var json = CommonOptions.Json();
        var command = new Command("history", "List the deployments recorded in the database, newest first, with their status.") { connection, json };

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var target = CommonOptions.Target(parse, connection);
            context.Progress($"Connecting to {target.Label}");
            var log = await DeploymentHistory.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(HistoryJson.From(target, log), HistoryJson.Options));
                return ExitCodes.Success;
            }

            if (log.Records.Count == 0)
            {
                context.Output.WriteLine($"{target.DatabaseName} has no recorded deployments.");
                return ExitCodes.Success;
            }

            context.Output.WriteLine("   Id  Deployed (UTC)        Action    Version     Status          Dacpac        By");
            foreach (var record in log.Records)
            {
                context.Output.WriteLine(record.ToString());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>The `history --json` document (docs/json-drift-history.md); property names and meanings are a stable contract.</summary>
internal sealed record HistoryJson(int FormatVersion, string Server, string Database, bool DatabaseExists, string HistoryShape, IReadOnlyList<DeploymentJson> Deployments)
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static HistoryJson From(SqlTarget target, DeploymentLog log) =>
        new(1, target.Server, target.DatabaseName, log.DatabaseExists, ShapeName(log.Shape), log.Records.Select(DeploymentJson.From).ToList());

    public static string ShapeName(Deploy.HistoryShape shape) => shape switch
    {
        Deploy.HistoryShape.None => "none",
        Deploy.HistoryShape.Legacy => "v1.0",
        _ => "v1.2",
    };
}

/// <summary>One deployment row in the JSON documents of `history` and `drift`.</summary>
internal sealed record DeploymentJson(
    int DeploymentId,
    string Version,
    string Action,
    string Status,
    bool SchemaApplied,
    string DacpacSha256,
    DateTime DeployedAt,
    DateTime? SchemaAppliedAt,
    DateTime? FinishedAt,
    string DeployedBy,
    string ToolVersion,
    string? Message)
{
    public static DeploymentJson From(DeploymentRecord r) => new(
        r.DeploymentId, r.Version, r.Action, r.Status, r.SchemaApplied, r.DacpacSha256,
        Utc(r.DeployedAt), r.SchemaAppliedAt is { } s ? Utc(s) : null, r.FinishedAt is { } f ? Utc(f) : null,
        r.DeployedBy, r.ToolVersion, r.Message);

    // DATETIME2 columns hold UTC (SYSUTCDATETIME()); marking them so makes the JSON end in "Z".
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
