using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;

namespace PlatformDb.Cli.Usage;

/// <summary>
/// A column or parameter as the contract (docs/analytics.md §1) types it, with the value taken from an event.
/// <paramref name="ParameterSize"/> is the declared size of the <c>usage.RecordUsageEvent</c> parameter when it is wider
/// than the column (<paramref name="Size"/>): the procedure declares its string parameters wider so that an overlong value
/// is refused (50304) instead of truncated without an error.
/// </summary>
public sealed record UsageColumn(string Name, SqlDbType Type, bool Nullable, Func<UsageEvent, object?> Value, int Size = 0, byte Scale = 0, int ParameterSize = 0)
{
    /// <summary>The T-SQL type as the contract writes it, e.g. <c>VARCHAR(64)</c>, <c>DATETIME2(3)</c>.</summary>
    public string TypeText => Type switch
    {
        SqlDbType.VarChar or SqlDbType.NVarChar or SqlDbType.Char => string.Create(CultureInfo.InvariantCulture, $"{Type.ToString().ToUpperInvariant()}({Size})"),
        SqlDbType.DateTime2 => string.Create(CultureInfo.InvariantCulture, $"DATETIME2({Scale})"),
        _ => Type.ToString().ToUpperInvariant(),
    };

    public SqlParameter Parameter(UsageEvent e)
    {
        var value = Value(e);
        // SqlParameter.Size truncates a longer string without an error; a truncated request id would become another
        // request's idempotency key, so an overlong value is refused here, before anything is sent.
        if (value is string text && Size > 0 && text.Length > Size)
        {
            throw new ArgumentException($"{Name} is {text.Length} characters long; the contract allows at most {Size}.", nameof(e));
        }

        var parameter = new SqlParameter("@" + Name, Type) { Value = value ?? DBNull.Value };
        if (ParameterSize > 0 || Size > 0)
        {
            parameter.Size = ParameterSize > 0 ? ParameterSize : Size;
        }

        if (Type == SqlDbType.DateTime2)
        {
            parameter.Scale = Scale;
        }

        return parameter;
    }

    public SqlMetaData MetaData() => Type switch
    {
        SqlDbType.VarChar or SqlDbType.NVarChar or SqlDbType.Char => new SqlMetaData(Name, Type, Size),
        SqlDbType.DateTime2 => new SqlMetaData(Name, Type, 0, Scale),
        _ => new SqlMetaData(Name, Type),
    };
}

/// <summary>
/// The SQL the C# side sends to the usage schema, kept as data so offline tests can hold it against the contract:
/// the event columns (one list, in the order of <c>usage.UsageEventList</c>), the procedures and their parameters, and
/// the reading of their one result set.
/// </summary>
public static class UsageSql
{
    public const string StagingTable = "[usage].[UsageEventStaging]";
    public const string RecordUsageEvent = "[usage].[RecordUsageEvent]";
    public const string RecordUsageEvents = "[usage].[RecordUsageEvents]";
    public const string MoveStagedUsageEvents = "[usage].[MoveStagedUsageEvents]";
    public const string EventListType = "[usage].[UsageEventList]";

    /// <summary>An event's own columns, in the order of <c>usage.UsageEventList</c> after <c>RowNumber</c>.</summary>
    public static readonly IReadOnlyList<UsageColumn> EventColumns =
    [
        new("RequestId", SqlDbType.VarChar, false, e => e.RequestId, Size: 64, ParameterSize: 8000),
        new("ApiKeyId", SqlDbType.Int, false, e => e.ApiKeyId),
        new("UserId", SqlDbType.Int, true, e => e.UserId),
        new("ModelId", SqlDbType.Int, false, e => e.ModelId),
        new("OccurredAt", SqlDbType.DateTime2, false, e => e.OccurredAt, Scale: 3),
        new("PromptTokens", SqlDbType.Int, false, e => e.PromptTokens),
        new("CompletionTokens", SqlDbType.Int, false, e => e.CompletionTokens),
        new("CachedTokens", SqlDbType.Int, false, e => e.CachedTokens),
        new("LatencyMs", SqlDbType.Int, false, e => e.LatencyMs),
        new("TimeToFirstTokenMs", SqlDbType.Int, true, e => e.TimeToFirstTokenMs),
        new("StatusCode", SqlDbType.SmallInt, false, e => e.StatusCode),
        new("ErrorClass", SqlDbType.VarChar, true, e => e.ErrorClass, Size: 32, ParameterSize: 8000),
        new("Tags", SqlDbType.NVarChar, true, e => e.Tags, Size: 400, ParameterSize: 4000),
    ];

    public static readonly UsageColumn OrganizationId = new("OrganizationId", SqlDbType.Int, false, e => e.OrganizationId);

    /// <summary>
    /// The staging columns the loader maps (all but <c>StagingRowId</c> and <c>StagedAt</c>), in the order the loader's
    /// reader yields them; <c>BatchId</c> comes from the call, not the event.
    /// </summary>
    public static IReadOnlyList<UsageColumn> StagingColumns(Guid batchId) =>
        [new("BatchId", SqlDbType.UniqueIdentifier, false, _ => batchId), OrganizationId, .. EventColumns];

    /// <summary><c>EXEC usage.RecordUsageEvent</c> for one event: <c>@OrganizationId</c>, then one parameter per event column.</summary>
    public static SqlCommand RecordOne(SqlConnection connection, UsageEvent e)
    {
        var command = new SqlCommand(RecordUsageEvent, connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(OrganizationId.Parameter(e));
        foreach (var column in EventColumns)
        {
            command.Parameters.Add(column.Parameter(e));
        }

        return command;
    }

    /// <summary><c>EXEC usage.RecordUsageEvents @OrganizationId, @Events</c>: the events as a <c>usage.UsageEventList</c>, RowNumber 1..n.</summary>
    public static SqlCommand RecordMany(SqlConnection connection, int organizationId, IReadOnlyList<UsageEvent> events)
    {
        var command = new SqlCommand(RecordUsageEvents, connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        command.Parameters.Add(new SqlParameter("@Events", SqlDbType.Structured) { TypeName = EventListType, Value = EventList(events) });
        return command;
    }

    /// <summary><c>EXEC usage.MoveStagedUsageEvents @OrganizationId, @BatchId</c>.</summary>
    public static SqlCommand MoveStaged(SqlConnection connection, int organizationId, Guid batchId)
    {
        var command = new SqlCommand(MoveStagedUsageEvents, connection) { CommandType = CommandType.StoredProcedure, CommandTimeout = 0 };
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        command.Parameters.Add(new SqlParameter("@BatchId", SqlDbType.UniqueIdentifier) { Value = batchId });
        return command;
    }

    /// <summary>The rows of a <c>usage.UsageEventList</c>: <c>RowNumber INT</c>, then <see cref="EventColumns"/>.</summary>
    public static IEnumerable<SqlDataRecord> EventList(IReadOnlyList<UsageEvent> events)
    {
        SqlMetaData[] metaData = [new("RowNumber", SqlDbType.Int), .. EventColumns.Select(c => c.MetaData())];
        for (var i = 0; i < events.Count; i++)
        {
            var record = new SqlDataRecord(metaData);
            record.SetValue(0, i + 1);
            for (var c = 0; c < EventColumns.Count; c++)
            {
                record.SetValue(c + 1, EventColumns[c].Value(events[i]) ?? DBNull.Value);
            }

            yield return record;
        }
    }

    /// <summary>Reads the ingest procedures' one result set by column name (docs/analytics.md §1.5).</summary>
    public static async Task<IReadOnlyList<IngestOutcome>> ReadOutcomesAsync(SqlCommand command, CancellationToken cancellationToken)
    {
        var outcomes = new List<IngestOutcome>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rowNumber = reader.GetOrdinal("RowNumber");
        var outcome = reader.GetOrdinal("Outcome");
        var errorNumber = reader.GetOrdinal("ErrorNumber");
        var usageEventId = reader.GetOrdinal("UsageEventId");
        var hourBucket = reader.GetOrdinal("HourBucket");
        var costAmount = reader.GetOrdinal("CostAmount");
        // RequestId was added to the result set on usage-v130 after the contract's first version; read it when present.
        var requestId = Enumerable.Range(0, reader.FieldCount).FirstOrDefault(i => reader.GetName(i) == "RequestId", -1);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            outcomes.Add(new IngestOutcome(
                reader.GetInt32(rowNumber),
                reader.GetString(outcome),
                reader.IsDBNull(errorNumber) ? null : reader.GetInt32(errorNumber),
                reader.IsDBNull(usageEventId) ? null : reader.GetInt64(usageEventId),
                reader.IsDBNull(hourBucket) ? null : DateTime.SpecifyKind(reader.GetDateTime(hourBucket), DateTimeKind.Utc),
                reader.IsDBNull(costAmount) ? null : reader.GetDecimal(costAmount),
                requestId < 0 || reader.IsDBNull(requestId) ? null : reader.GetString(requestId)));
        }

        return outcomes;
    }
}

/// <summary>One row of an ingest procedure's result set: <c>inserted</c>, <c>duplicate</c> or <c>rejected</c> (with its error number).</summary>
public sealed record IngestOutcome(int RowNumber, string Outcome, int? ErrorNumber, long? UsageEventId, DateTime? HourBucket, decimal? CostAmount, string? RequestId = null);
