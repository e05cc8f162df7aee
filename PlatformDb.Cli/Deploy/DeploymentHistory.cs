using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Deploy;

/// <summary>Which shape ops.DeploymentHistory has in a database.</summary>
public enum HistoryShape
{
    /// <summary>No table (a new database, or one never published from PlatformDb).</summary>
    None,

    /// <summary>v1.0.0–v1.1.0: one row per finished deployment, no status.</summary>
    Legacy,

    /// <summary>v1.2.0 and later: Status, SchemaAppliedAt, FinishedAt and Message record a deployment's progress.</summary>
    WithStatus,
}

/// <summary>The values of ops.DeploymentHistory.Status.</summary>
public static class DeploymentStatus
{
    public const string Started = "started";
    public const string SchemaApplied = "schema-applied";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>A row of ops.DeploymentHistory; rows of the older shape read as completed.</summary>
public sealed record DeploymentRecord(
    int DeploymentId,
    string Version,
    string Action,
    string DacpacSha256,
    DateTime DeployedAt,
    string DeployedBy,
    string ToolVersion,
    string Status = DeploymentStatus.Completed,
    DateTime? SchemaAppliedAt = null,
    DateTime? FinishedAt = null,
    string? Message = null)
{
    /// <summary>The release the database received, or null for an unreleased build ("current"), which has no manifest.</summary>
    public SemanticVersion? Release => SemanticVersion.TryParse(Version, out var release) ? release : null;

    /// <summary>Whether this deployment's schema change committed: completed, schema-applied, or failed after the schema step.</summary>
    public bool SchemaApplied => Status is DeploymentStatus.Completed or DeploymentStatus.SchemaApplied
                                 || (Status == DeploymentStatus.Failed && SchemaAppliedAt is not null);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{DeploymentId,5}  {DeployedAt:yyyy-MM-dd HH:mm:ss}Z  {Action,-8}  {Version,-10}  {Status,-14}  {DacpacSha256[..12]}  {DeployedBy} (platformdb {ToolVersion})")
        + (Message is null ? "" : $"\n       {Message}");
}

/// <summary>What a database holds of its deployment record.</summary>
public sealed record DeploymentLog(bool DatabaseExists, HistoryShape Shape, IReadOnlyList<DeploymentRecord> Records)
{
    public static readonly DeploymentLog NoDatabase = new(false, HistoryShape.None, []);
}

/// <summary>A deployment in progress: the row written before publishing, if the table's shape allowed one.</summary>
public sealed record DeploymentTicket(string Version, string Action, string Sha256, bool DatabaseExisted, HistoryShape ShapeBefore, int? DeploymentId);

/// <summary>What to write to ops.DeploymentHistory after a publish.</summary>
public enum RecordStep
{
    /// <summary>Nothing (the row written before is already right, or the table cannot hold this outcome).</summary>
    Nothing,

    /// <summary>Set the started row to completed.</summary>
    MarkCompleted,

    /// <summary>Insert a completed row in the v1.2 shape.</summary>
    InsertCompleted,

    /// <summary>Insert a row in the v1.0/v1.1 shape (no status: it reads as completed).</summary>
    InsertLegacy,

    /// <summary>Set the started row to failed with the message.</summary>
    MarkFailed,

    /// <summary>Insert a failed row with SchemaAppliedAt in the v1.2 shape.</summary>
    InsertFailed,
}

/// <summary>The step after a failed publish, whether the schema change committed (null: read it from the row, or unknown), and a note.</summary>
public sealed record FailureStep(RecordStep Step, bool? SchemaApplied, string Note);

/// <summary>
/// Which row to write after a publish, given the row written before (if any) and the shape the table has afterwards.
/// Pure, so each case is tested offline.
/// </summary>
public static class DeploymentRecordRules
{
    public static RecordStep AfterSuccess(DeploymentTicket ticket, HistoryShape shapeNow) =>
        (ticket.DeploymentId, shapeNow) switch
        {
            (not null, HistoryShape.WithStatus) => RecordStep.MarkCompleted,
            // A rollback to a release without the status columns: the started row is a valid old-shape row already.
            (not null, _) => RecordStep.Nothing,
            (null, HistoryShape.WithStatus) => RecordStep.InsertCompleted,
            (null, HistoryShape.Legacy) => RecordStep.InsertLegacy,
            _ => RecordStep.Nothing,
        };

    public static FailureStep AfterFailure(DeploymentTicket ticket, bool databaseExists, HistoryShape shapeNow)
    {
        if (ticket.DeploymentId is { } written && databaseExists && shapeNow == HistoryShape.None)
        {
            // The started row was written into the table; only a committed schema change (a dacpac without the table,
            // published with DropObjectsNotInSource) can have removed it.
            return new FailureStep(RecordStep.Nothing, true, $"deployment {written} cannot be recorded: the publish dropped ops.DeploymentHistory");
        }

        if (!databaseExists || shapeNow == HistoryShape.None)
        {
            return new FailureStep(RecordStep.Nothing, false, "nothing was recorded");
        }

        if (ticket.DeploymentId is { } id)
        {
            return shapeNow == HistoryShape.WithStatus
                ? new FailureStep(RecordStep.MarkFailed, null, "")
                // The schema change removed the status columns, so it committed; the started row now reads as completed.
                : new FailureStep(RecordStep.Nothing, true, $"deployment {id} cannot record the failure in the older table shape");
        }

        if (shapeNow == HistoryShape.WithStatus)
        {
            // The v1.2 table appears only through a committed schema change: the new database, or the columns of an upgrade.
            return new FailureStep(RecordStep.InsertFailed, true, "");
        }

        return ticket.DatabaseExisted && ticket.ShapeBefore == HistoryShape.Legacy
            ? new FailureStep(RecordStep.Nothing, null,
                "not recorded (ops.DeploymentHistory has no status column before v1.2.0, so whether the schema change committed is unknown: run drift)")
            // The table exists now but did not before: the schema committed, and the older shape cannot hold a failure.
            : new FailureStep(RecordStep.Nothing, true, $"not recorded (ops.DeploymentHistory of {ticket.Version} has no status column)");
    }
}

/// <summary>What the record says after a failed publish.</summary>
public sealed record FailureRecord(bool? SchemaApplied, int? DeploymentId, string Text);

/// <summary>
/// Reads and writes ops.DeploymentHistory, the record of what was published to a database and when. With the v1.2
/// shape a <c>started</c> row is written before publishing and marked <c>completed</c> or <c>failed</c> afterwards
/// (a post-deployment script marks it <c>schema-applied</c> once the schema transaction has committed); with an
/// older shape, or no table yet, one row is written afterwards in whatever shape the table then has.
/// </summary>
public static class DeploymentHistory
{
    public static string ToolVersion =>
        typeof(DeploymentHistory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Whether the database exists and which shape its history table has; connects to master first.</summary>
    public static async Task<(bool DatabaseExists, HistoryShape Shape)> ProbeAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        if (!await DatabaseExistsAsync(target, cancellationToken).ConfigureAwait(false))
        {
            return (false, HistoryShape.None);
        }

        await using var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        return (true, await ShapeAsync(connection, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deployments, newest first, with the table's shape; empty when there is no database or no table.</summary>
    public static async Task<DeploymentLog> ReadAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        if (!await DatabaseExistsAsync(target, cancellationToken).ConfigureAwait(false))
        {
            return DeploymentLog.NoDatabase;
        }

        await using var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        var shape = await ShapeAsync(connection, cancellationToken).ConfigureAwait(false);
        if (shape == HistoryShape.None)
        {
            return new DeploymentLog(true, shape, []);
        }

        await using var command = new SqlCommand(SelectSql(shape), connection);
        var records = new List<DeploymentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DeploymentRecord(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                Convert.ToHexStringLower((byte[])reader[3]), reader.GetDateTime(4), reader.GetString(5), reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetDateTime(8),
                reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return new DeploymentLog(true, shape, records);
    }

    /// <summary>Writes the <c>started</c> row when the table has the v1.2 shape; otherwise the row is written afterwards.</summary>
    public static async Task<DeploymentTicket> StartAsync(
        SqlTarget target, DeploymentLog before, string version, string action, string sha256, CancellationToken cancellationToken)
    {
        if (before.Shape != HistoryShape.WithStatus)
        {
            return new DeploymentTicket(version, action, sha256, before.DatabaseExists, before.Shape, null);
        }

        await using var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        await using var command = Insert(connection, version, action, sha256, DeploymentStatus.Started, schemaApplied: false, message: null);
        command.CommandText += " SELECT CAST(SCOPE_IDENTITY() AS INT);";
        var id = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new DeploymentTicket(version, action, sha256, true, before.Shape, id);
    }

    /// <summary>Marks the deployment completed, or writes its row now if none could be written before.</summary>
    public static async Task CompleteAsync(SqlTarget target, DeploymentTicket ticket, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        var step = DeploymentRecordRules.AfterSuccess(ticket, await ShapeAsync(connection, cancellationToken).ConfigureAwait(false));
        switch (step)
        {
            case RecordStep.MarkCompleted:
                await using (var update = new SqlCommand(MarkCompletedSql, connection))
                {
                    update.Parameters.Add("@Id", SqlDbType.Int).Value = ticket.DeploymentId!.Value;
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case RecordStep.InsertCompleted:
                await using (var insert = Insert(connection, ticket.Version, ticket.Action, ticket.Sha256, DeploymentStatus.Completed, schemaApplied: true, message: null))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case RecordStep.InsertLegacy:
                await using (var insert = LegacyInsert(connection, ticket.Version, ticket.Action, ticket.Sha256))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Records a failed publish with its one-line message and says whether the schema change had committed: from the
    /// row's SchemaAppliedAt when a row was written before, else from the table's shape afterwards.
    /// </summary>
    public static async Task<FailureRecord> FailAsync(SqlTarget target, DeploymentTicket ticket, string message, CancellationToken cancellationToken)
    {
        var (exists, shape) = await ProbeAsync(target, cancellationToken).ConfigureAwait(false);
        var outcome = DeploymentRecordRules.AfterFailure(ticket, exists, shape);
        if (outcome.Step == RecordStep.Nothing)
        {
            return new FailureRecord(outcome.SchemaApplied, ticket.DeploymentId, outcome.SchemaApplied is { } applied
                ? $"{FailureText(applied, message)}; {outcome.Note}"
                : $"{message}; {outcome.Note}");
        }

        await using var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (outcome.Step == RecordStep.InsertFailed)
        {
            var inserted = FailureText(schemaApplied: true, message);
            await using var insert = Insert(connection, ticket.Version, ticket.Action, ticket.Sha256, DeploymentStatus.Failed, schemaApplied: true, Truncate(inserted));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new FailureRecord(true, null, $"{inserted}; recorded as failed");
        }

        // MarkFailed: the post-deployment script set SchemaAppliedAt if, and only if, the schema change committed.
        var id = ticket.DeploymentId!.Value;
        await using var read = new SqlCommand(ReadSchemaAppliedAtSql, connection);
        read.Parameters.Add("@Id", SqlDbType.Int).Value = id;
        var schemaApplied = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime;
        var text = FailureText(schemaApplied, message);
        await using var update = new SqlCommand(MarkFailedSql, connection);
        update.Parameters.Add("@Id", SqlDbType.Int).Value = id;
        update.Parameters.Add("@Message", SqlDbType.NVarChar, 2000).Value = Truncate(text);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new FailureRecord(schemaApplied, id, $"{text}; recorded as failed (deployment {id})");
    }

    /// <summary>Asks the server (through master) whether the target database exists yet.</summary>
    public static async Task<bool> DatabaseExistsAsync(SqlTarget target, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(database: false, cancellationToken).ConfigureAwait(false);
        await using var command = new SqlCommand("SELECT DB_ID(@Name);", connection);
        command.Parameters.Add("@Name", SqlDbType.NVarChar, 128).Value = target.DatabaseName;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull);
    }

    /// <summary>The message stored for a failed deployment; it says whether the schema change had committed.</summary>
    public static string FailureText(bool schemaApplied, string message) =>
        schemaApplied
            ? $"the schema change committed; a post-deployment script failed: {message}"
            : $"the schema change did not commit: {message}";

    /// <summary>The rows, newest first, in the shape the table has.</summary>
    internal static string SelectSql(HistoryShape shape)
    {
        // The batch may only name columns the table has: T-SQL compiles the whole batch, IF branches included.
        var statusColumns = shape == HistoryShape.WithStatus
            ? "[Status], [SchemaAppliedAt], [FinishedAt], [Message]"
            : "CAST('completed' AS VARCHAR(16)), CAST(NULL AS DATETIME2(3)), CAST(NULL AS DATETIME2(3)), CAST(NULL AS NVARCHAR(2000))";
        return $"""
            SELECT [DeploymentId], [Version], [Action], [DacpacSha256], [DeployedAt], [DeployedBy], [ToolVersion], {statusColumns}
            FROM [ops].[DeploymentHistory]
            ORDER BY [DeploymentId] DESC;
            """;
    }

    /// <summary>
    /// Completes the started row. SchemaAppliedAt is kept when the post-deployment script set it, else (a dacpac without
    /// MarkSchemaApplied, IgnorePostDeployScript) it is the finish time; neither is ever before DeployedAt.
    /// </summary>
    internal const string MarkCompletedSql =
        """
        DECLARE @Now DATETIME2 (3) = SYSUTCDATETIME();
        UPDATE [ops].[DeploymentHistory]
        SET [Status] = 'completed',
            [SchemaAppliedAt] = COALESCE([SchemaAppliedAt], CASE WHEN @Now < [DeployedAt] THEN [DeployedAt] ELSE @Now END),
            [FinishedAt] = CASE WHEN @Now < [DeployedAt] THEN [DeployedAt] ELSE @Now END
        WHERE [DeploymentId] = @Id;
        """;

    internal const string ReadSchemaAppliedAtSql = "SELECT [SchemaAppliedAt] FROM [ops].[DeploymentHistory] WHERE [DeploymentId] = @Id;";

    internal const string MarkFailedSql =
        """
        DECLARE @Now DATETIME2 (3) = SYSUTCDATETIME();
        UPDATE [ops].[DeploymentHistory]
        SET [Status] = 'failed', [FinishedAt] = CASE WHEN @Now < [DeployedAt] THEN [DeployedAt] ELSE @Now END, [Message] = @Message
        WHERE [DeploymentId] = @Id;
        """;

    private static async Task<HistoryShape> ShapeAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(
            """
            SELECT CASE
                WHEN OBJECT_ID(N'[ops].[DeploymentHistory]', N'U') IS NULL THEN 0
                WHEN COL_LENGTH(N'ops.DeploymentHistory', N'Status') IS NULL THEN 1
                ELSE 2
            END;
            """, connection);
        return (HistoryShape)(int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The v1.2 insert. One timestamp for every time column of the row, so CK_DeploymentHistory_SchemaAppliedAfterDeployed
    /// and CK_DeploymentHistory_FinishedAfterDeployed hold by construction: each SYSUTCDATETIME() reference (the column
    /// default included) is evaluated on its own and rounded to DATETIME2(3) on its own.
    /// </summary>
    internal const string InsertSql =
        """
        DECLARE @Now DATETIME2 (3) = SYSUTCDATETIME();
        INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt], [FinishedAt], [Message])
        VALUES (@Version, @Action, @Sha256, @ToolVersion, @Now, @Status,
                CASE WHEN @SchemaApplied = 1 THEN @Now END,
                CASE WHEN @Status IN ('completed', 'failed') THEN @Now END,
                @Message);
        """;

    internal static SqlCommand Insert(SqlConnection connection, string version, string action, string sha256, string status, bool schemaApplied, string? message)
    {
        var command = new SqlCommand(InsertSql, connection);
        AddCommon(command, version, action, sha256);
        command.Parameters.Add("@Status", SqlDbType.VarChar, 16).Value = status;
        command.Parameters.Add("@SchemaApplied", SqlDbType.Bit).Value = schemaApplied;
        command.Parameters.Add("@Message", SqlDbType.NVarChar, 2000).Value = (object?)message ?? DBNull.Value;
        return command;
    }

    /// <summary>The v1.0/v1.1 insert: the columns those releases have, the rest from their defaults.</summary>
    internal const string LegacyInsertSql =
        """
        INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
        VALUES (@Version, @Action, @Sha256, @ToolVersion);
        """;

    internal static SqlCommand LegacyInsert(SqlConnection connection, string version, string action, string sha256)
    {
        var command = new SqlCommand(LegacyInsertSql, connection);
        AddCommon(command, version, action, sha256);
        return command;
    }

    private static void AddCommon(SqlCommand command, string version, string action, string sha256)
    {
        command.Parameters.Add("@Version", SqlDbType.VarChar, 32).Value = version;
        command.Parameters.Add("@Action", SqlDbType.VarChar, 10).Value = action;
        command.Parameters.Add("@Sha256", SqlDbType.Binary, 32).Value = Convert.FromHexString(sha256);
        command.Parameters.Add("@ToolVersion", SqlDbType.VarChar, 32).Value = ToolVersion;
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..1997] + "...";

    private static Task<SqlConnection> OpenAsync(SqlTarget target, CancellationToken cancellationToken) =>
        target.OpenAsync(database: true, cancellationToken);
}
