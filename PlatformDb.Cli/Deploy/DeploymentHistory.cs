using PlatformDb.Cli.Core;
using System.Globalization;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Deploy;

/// <summary>A row of ops.DeploymentHistory.</summary>
public sealed record DeploymentRecord(int DeploymentId, string Version, string Action, string DacpacSha256, DateTime DeployedAt, string DeployedBy, string ToolVersion)
{
    /// <summary>The release the database received, or null for an unreleased build ("current"), which has no manifest.</summary>
    public SemanticVersion? Release => SemanticVersion.TryParse(Version, out var release) ? release : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{DeploymentId,5}  {DeployedAt:yyyy-MM-dd HH:mm:ss}Z  {Action,-8}  {Version,-10}  {DacpacSha256[..12]}  {DeployedBy} (platformdb {ToolVersion})");
}

/// <summary>Reads and writes ops.DeploymentHistory, the record of what was published to a database and when.</summary>
public static class DeploymentHistory
{
    public static string ToolVersion =>
        typeof(DeploymentHistory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static async Task RecordAsync(SqlTarget target, string version, string action, string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(target, cancellationToken);
        await using var command = new SqlCommand(
            """
            INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
            VALUES (@Version, @Action, @Sha256, @ToolVersion);
            """, connection);
        command.Parameters.Add("@Version", System.Data.SqlDbType.VarChar, 32).Value = version;
        command.Parameters.Add("@Action", System.Data.SqlDbType.VarChar, 10).Value = action;
        command.Parameters.Add("@Sha256", System.Data.SqlDbType.Binary, 32).Value = Convert.FromHexString(sha256);
        command.Parameters.Add("@ToolVersion", System.Data.SqlDbType.VarChar, 32).Value = ToolVersion;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deployments, newest first; empty when the database exists but was never published by platformdb.</summary>
    public static async Task<IReadOnlyList<DeploymentRecord>> ListAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        if (!await DatabaseExistsAsync(target, cancellationToken))
        {
            return [];
        }

        await using var connection = await OpenAsync(target, cancellationToken);
        await using var command = new SqlCommand(
            """
            IF OBJECT_ID(N'[ops].[DeploymentHistory]', N'U') IS NOT NULL
                SELECT [DeploymentId], [Version], [Action], [DacpacSha256], [DeployedAt], [DeployedBy], [ToolVersion]
                FROM [ops].[DeploymentHistory]
                ORDER BY [DeploymentId] DESC;
            """, connection);
        var records = new List<DeploymentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new DeploymentRecord(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                Convert.ToHexStringLower((byte[])reader[3]), reader.GetDateTime(4), reader.GetString(5), reader.GetString(6)));
        }

        return records;
    }

    public static async Task<DeploymentRecord> LatestAsync(SqlTarget target, CancellationToken cancellationToken) =>
        (await ListAsync(target, cancellationToken)).FirstOrDefault()
        ?? throw new PlatformDbException($"Database {target.DatabaseName} has no deployment history; it was never published with 'platformdb apply'.");

    /// <summary>Asks the server (through master) whether the target database exists yet.</summary>
    public static async Task<bool> DatabaseExistsAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(database: false, cancellationToken);
        await using var command = new SqlCommand("SELECT DB_ID(@Name);", connection);
        command.Parameters.Add("@Name", System.Data.SqlDbType.NVarChar, 128).Value = target.DatabaseName;
        return await command.ExecuteScalarAsync(cancellationToken) is not (null or DBNull);
    }

    private static Task<SqlConnection> OpenAsync(SqlTarget target, CancellationToken cancellationToken) =>
        target.OpenAsync(database: true, cancellationToken);
}
