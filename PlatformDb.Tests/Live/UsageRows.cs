using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Rows and calls the usage analytics tests need: a tenant with a key and a priced model, seeded random events, the
/// ingest procedures (public, and the internal …At ones with a chosen clock) and the straightforward recomputation
/// from raw rows that the trend functions must equal.
/// </summary>
public sealed class UsageRows(string connectionString)
{
    public sealed record Tenant(int OrganizationId, int UserId, int ApiKeyId, int ModelId, int OtherModelId);

    public sealed record Event(
        string RequestId, int ApiKeyId, int? UserId, int ModelId, DateTime OccurredAt, int PromptTokens, int CompletionTokens,
        int CachedTokens, int LatencyMs, int? TimeToFirstTokenMs, short StatusCode, string? ErrorClass, string? Tags);

    public sealed record Outcome(int RowNumber, string RequestId, string Kind, int? ErrorNumber, long? UsageEventId, DateTime? HourBucket, decimal? CostAmount);

    /// <summary>An organization with a user, a key and two models priced in USD since 60 days ago.</summary>
    public async Task<Tenant> TenantAsync(CancellationToken ct)
    {
        var rows = new LiveRows(connectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var userId = await rows.UserAsync(ct);
        var key = await rows.ApiKeyAsync(organizationId, userId, "[]", ct);
        var models = await QueryAsync(
            """
            SET QUOTED_IDENTIFIER ON;
            DECLARE @ProviderId INT;
            INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
            VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Usage provider ' + CONVERT(NVARCHAR(36), NEWID()));
            SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens]) VALUES (@ProviderId, 'usage-a', N'Usage A', 128000);
            DECLARE @A INT = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens]) VALUES (@ProviderId, 'usage-b', N'Usage B', 128000);
            DECLARE @B INT = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
            VALUES (@A, 'USD', 2.5, 10, DATEADD(DAY, -60, SYSUTCDATETIME())), (@B, 'USD', 0.15, 0.6, DATEADD(DAY, -60, SYSUTCDATETIME()));
            SELECT @A, @B;
            """, ct);
        return new Tenant(organizationId, userId, key.ApiKeyId, models[0].GetInt32(0), models[0].GetInt32(1));
    }

    /// <summary>Deterministic pseudo-random events of one tenant between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static List<Event> Seeded(Tenant tenant, int count, DateTime from, DateTime to, int seed)
    {
        var random = new Random(seed);
        var span = (to - from).Ticks;
        return Enumerable.Range(0, count).Select(i =>
        {
            var latency = random.Next(50, 5000);
            var failed = random.Next(10) == 0;
            var at = from.AddTicks((long)(random.NextDouble() * span));
            return new Event(
                $"req-{seed}-{i}-{Guid.NewGuid():N}", tenant.ApiKeyId, random.Next(3) == 0 ? null : tenant.UserId,
                random.Next(2) == 0 ? tenant.ModelId : tenant.OtherModelId,
                new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
                random.Next(0, 20000), random.Next(0, 4000), random.Next(0, 1000), latency,
                random.Next(2) == 0 ? null : random.Next(0, latency + 1),
                failed ? (short)429 : (short)200, failed ? "rate_limit" : null,
                random.Next(4) == 0 ? """{"feature":"chat"}""" : null);
        }).ToList();
    }

    public async Task<List<Outcome>> RecordAsync(int organizationId, IReadOnlyList<Event> events, CancellationToken ct) =>
        await OutcomesAsync("[usage].[RecordUsageEvents]", organizationId, events, null, ct);

    /// <summary>The internal procedure with a chosen clock (as dbo): events of past days for the purge tests.</summary>
    public async Task<List<Outcome>> RecordAtAsync(int organizationId, IReadOnlyList<Event> events, DateTime now, CancellationToken ct) =>
        await OutcomesAsync("[usage].[RecordUsageEventsAt]", organizationId, events, now, ct);

    public async Task<List<SqlDataReaderRow>> QueryAsync(string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 300 };
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<SqlDataReaderRow>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            result.Add(new SqlDataReaderRow(values));
        }

        return result;
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 300 };
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Rows of <paramref name="trendQuery"/> that the straightforward GROUP BY over the raw rows does not produce, and the
    /// reverse; both empty when the trend is exact. The raw query is written independently of the views and functions.
    /// </summary>
    public async Task<(int Missing, int Extra)> DifferenceFromRawAsync(string rawQuery, string trendQuery, CancellationToken ct, params SqlParameter[] parameters)
    {
        var sql = $"""
            SET QUOTED_IDENTIFIER ON;
            WITH [Raw] AS ({rawQuery}), [Trend] AS ({trendQuery})
            SELECT (SELECT COUNT(*) FROM (SELECT * FROM [Raw] EXCEPT SELECT * FROM [Trend]) AS [m]),
                   (SELECT COUNT(*) FROM (SELECT * FROM [Trend] EXCEPT SELECT * FROM [Raw]) AS [x]);
            """;
        var row = (await QueryAsync(sql, ct, parameters)).Single();
        return (row.GetInt32(0), row.GetInt32(1));
    }

    /// <summary>The raw recomputation: one row per bucket and model, the trend functions' columns in their order.</summary>
    public static string RawByBucket(string bucketExpression, string extraFilter = "") => $"""
        SELECT {bucketExpression} AS [Bucket], [e].[ModelId],
               COUNT_BIG(*) AS [RequestCount],
               SUM(CAST([e].[PromptTokens] AS BIGINT)) AS [PromptTokens],
               SUM(CAST([e].[CompletionTokens] AS BIGINT)) AS [CompletionTokens],
               SUM(CAST([e].[CachedTokens] AS BIGINT)) AS [CachedTokens],
               SUM(CAST(IIF([e].[StatusCode] >= 400, 1, 0) AS BIGINT)) AS [ErrorCount],
               SUM(CAST([e].[LatencyMs] AS BIGINT)) AS [LatencyMsSum],
               SUM(CAST(COALESCE([e].[TimeToFirstTokenMs], 0) AS BIGINT)) AS [TimeToFirstTokenMsSum],
               SUM(CAST(IIF([e].[TimeToFirstTokenMs] IS NULL, 0, 1) AS BIGINT)) AS [TimeToFirstTokenCount],
               CAST(SUM([e].[CostAmount]) AS DECIMAL(38, 6)) AS [CostAmount]
        FROM [usage].[UsageEvent] AS [e]
        WHERE [e].[OrganizationId] = @OrganizationId {extraFilter}
        GROUP BY {bucketExpression}, [e].[ModelId]
        """;

    private async Task<List<Outcome>> OutcomesAsync(string procedure, int organizationId, IReadOnlyList<Event> events, DateTime? now, CancellationToken ct)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(procedure, connection) { CommandType = CommandType.StoredProcedure, CommandTimeout = 300 };
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        command.Parameters.Add(new SqlParameter("@Events", SqlDbType.Structured) { TypeName = "[usage].[UsageEventList]", Value = Table(events) });
        if (now is not null)
        {
            command.Parameters.Add(new SqlParameter("@Now", SqlDbType.DateTime2) { Scale = 3, Value = now.Value });
            command.Parameters.Add(new SqlParameter("@RejectInvalid", SqlDbType.Bit) { Value = false });
            command.Parameters.Add(new SqlParameter("@ReportInserted", SqlDbType.Bit) { Value = true });
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<Outcome>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new Outcome(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetDateTime(5), reader.IsDBNull(6) ? null : reader.GetDecimal(6)));
        }

        return result;
    }

    /// <summary>The table-valued parameter, columns in the order of usage.UsageEventList.</summary>
    public static DataTable Table(IReadOnlyList<Event> events)
    {
        var table = new DataTable();
        table.Columns.Add("RowNumber", typeof(int));
        table.Columns.Add("RequestId", typeof(string));
        table.Columns.Add("ApiKeyId", typeof(int));
        table.Columns.Add("UserId", typeof(int));
        table.Columns.Add("ModelId", typeof(int));
        table.Columns.Add("OccurredAt", typeof(DateTime));
        table.Columns.Add("PromptTokens", typeof(int));
        table.Columns.Add("CompletionTokens", typeof(int));
        table.Columns.Add("CachedTokens", typeof(int));
        table.Columns.Add("LatencyMs", typeof(int));
        table.Columns.Add("TimeToFirstTokenMs", typeof(int));
        table.Columns.Add("StatusCode", typeof(short));
        table.Columns.Add("ErrorClass", typeof(string));
        table.Columns.Add("Tags", typeof(string));
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            table.Rows.Add(i + 1, e.RequestId, e.ApiKeyId, (object?)e.UserId ?? DBNull.Value, e.ModelId, e.OccurredAt, e.PromptTokens,
                e.CompletionTokens, e.CachedTokens, e.LatencyMs, (object?)e.TimeToFirstTokenMs ?? DBNull.Value, e.StatusCode,
                (object?)e.ErrorClass ?? DBNull.Value, (object?)e.Tags ?? DBNull.Value);
        }

        return table;
    }
}

/// <summary>One row read back, typed on access.</summary>
public sealed record SqlDataReaderRow(object[] Values)
{
    public int GetInt32(int i) => Convert.ToInt32(Values[i], System.Globalization.CultureInfo.InvariantCulture);

    public long GetInt64(int i) => Convert.ToInt64(Values[i], System.Globalization.CultureInfo.InvariantCulture);

    public DateTime GetDateTime(int i) => (DateTime)Values[i];

    public bool IsNull(int i) => Values[i] is DBNull;
}
