using System.Data;

namespace PlatformDb.Cli.Usage;

/// <summary>The benchmark's SQL: the trend queries (rollup and raw), the seed, and the measurements of size and log.</summary>
public static class BenchQueries
{
    public const string HourlyRollup = "SELECT * FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, NULL, NULL);";

    public const string DailyRollup = "SELECT * FROM [usage].[GetUsageDaily](@OrganizationId, @FromDay, @ToDay, NULL, NULL);";

    // The raw queries return the trend functions' columns from usage.UsageEvent. MAX(UsageEventId) is an aggregate the
    // indexed view cannot hold, so the optimizer (Developer/Enterprise match indexed views automatically) must read raw rows.
    private const string RawColumns = """
        COUNT_BIG(*) AS [RequestCount],
               SUM(CONVERT(BIGINT, [PromptTokens])) AS [PromptTokens],
               SUM(CONVERT(BIGINT, [CompletionTokens])) AS [CompletionTokens],
               SUM(CONVERT(BIGINT, [CachedTokens])) AS [CachedTokens],
               SUM(CONVERT(BIGINT, CASE WHEN [StatusCode] >= 400 THEN 1 ELSE 0 END)) AS [ErrorCount],
               SUM(CONVERT(BIGINT, [LatencyMs])) AS [LatencyMsSum],
               SUM(CONVERT(BIGINT, ISNULL([TimeToFirstTokenMs], 0))) AS [TimeToFirstTokenMsSum],
               COUNT_BIG([TimeToFirstTokenMs]) AS [TimeToFirstTokenCount],
               SUM([CostAmount]) AS [CostAmount],
               MAX([UsageEventId]) AS [LastUsageEventId]
        """;

    public const string HourlyRaw = $"""
        SELECT [HourBucket] AS [BucketStart], [ModelId],
               {RawColumns}
        FROM [usage].[UsageEvent]
        WHERE [OrganizationId] = @OrganizationId AND [HourBucket] >= @From AND [HourBucket] < @To
        GROUP BY [HourBucket], [ModelId];
        """;

    public const string DailyRaw = $"""
        SELECT CONVERT(DATE, [HourBucket]) AS [UsageDay], [ModelId],
               {RawColumns}
        FROM [usage].[UsageEvent]
        WHERE [OrganizationId] = @OrganizationId
          AND [HourBucket] >= CONVERT(DATETIME2(0), @FromDay) AND [HourBucket] < CONVERT(DATETIME2(0), @ToDay)
        GROUP BY CONVERT(DATE, [HourBucket]), [ModelId];
        """;

    public const string HourlyRawAllOrganizations = $"""
        SELECT [OrganizationId], [HourBucket] AS [BucketStart], [ModelId],
               {RawColumns}
        FROM [usage].[UsageEvent]
        WHERE [HourBucket] >= @From AND [HourBucket] < @To
        GROUP BY [OrganizationId], [HourBucket], [ModelId];
        """;

    /// <summary>Rows, reserved bytes of usage.UsageEvent (every index) and of usage.UsageHourly's index.</summary>
    public const string Footprint = """
        SELECT ISNULL(SUM(CASE WHEN [ps].[object_id] = OBJECT_ID(N'usage.UsageEvent') AND [ps].[index_id] IN (0, 1) THEN [ps].[row_count] END), 0),
               ISNULL(SUM(CASE WHEN [ps].[object_id] = OBJECT_ID(N'usage.UsageEvent') THEN [ps].[reserved_page_count] END), 0) * 8192,
               ISNULL(SUM(CASE WHEN [ps].[object_id] = OBJECT_ID(N'usage.UsageHourly') THEN [ps].[reserved_page_count] END), 0) * 8192
        FROM sys.dm_db_partition_stats AS [ps]
        WHERE [ps].[object_id] IN (OBJECT_ID(N'usage.UsageEvent'), OBJECT_ID(N'usage.UsageHourly'));
        """;

    public const string LogBytes = "SELECT ISNULL(SUM(CONVERT(BIGINT, [Log Record Length])), 0) FROM sys.fn_dblog(NULL, NULL);";

    public const string ServerFacts = "SELECT @@VERSION, [cpu_count], [physical_memory_kb] / 1024 FROM sys.dm_os_sys_info;";

    /// <summary>
    /// Organizations (bench-org-N), their users and keys, one provider, models and a USD price per model effective since
    /// 2020; returns keys (organization, key), users (organization, user) and prices, each ordered by id.
    /// </summary>
    public const string Seed = """
        SET NOCOUNT ON;
        SET XACT_ABORT ON;
        DECLARE @Epoch DATETIME2(3) = DATETIME2FROMPARTS(2020, 1, 1, 0, 0, 0, 0, 3);
        BEGIN TRANSACTION;
        INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName], [CreatedAt], [UpdatedAt])
        SELECT CONCAT('bench-org-', [value]), CONCAT(N'Bench organization ', [value]), @Epoch, @Epoch
        FROM GENERATE_SERIES(1, @Organizations) ORDER BY [value];

        INSERT INTO [identity].[User] ([Email], [DisplayName], [CreatedAt], [UpdatedAt])
        SELECT CONCAT(N'bench-', [o].[OrganizationId], N'-', [u].[value], N'@example.com'), CONCAT(N'Bench user ', [o].[OrganizationId], N'-', [u].[value]), @Epoch, @Epoch
        FROM [tenancy].[Organization] AS [o] CROSS JOIN GENERATE_SERIES(1, @UsersPerOrganization) AS [u]
        WHERE [o].[Slug] LIKE 'bench-org-%';

        INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt], [UpdatedAt])
        SELECT [o].[OrganizationId], [creator].[UserId], CONCAT(N'Bench key ', [k].[value]),
               CONCAT('bk', RIGHT(CONCAT('000000', [o].[OrganizationId]), 6), '_', [k].[value]),
               HASHBYTES('SHA2_256', CONCAT('bench-key-', [o].[OrganizationId], '-', [k].[value])), @Epoch, @Epoch
        FROM [tenancy].[Organization] AS [o]
        CROSS JOIN GENERATE_SERIES(1, @KeysPerOrganization) AS [k]
        CROSS APPLY (SELECT TOP (1) [UserId] FROM [identity].[User] WHERE [Email] LIKE CONCAT(N'bench-', [o].[OrganizationId], N'-%') ORDER BY [UserId]) AS [creator]
        WHERE [o].[Slug] LIKE 'bench-org-%';

        INSERT INTO [catalog].[Provider] ([Code], [DisplayName], [CreatedAt], [UpdatedAt]) VALUES ('bench', N'Benchmark provider', @Epoch, @Epoch);
        DECLARE @ProviderId INT = SCOPE_IDENTITY();
        INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status], [CreatedAt], [UpdatedAt])
        SELECT @ProviderId, CONCAT('bench-model-', [value]), CONCAT(N'Bench model ', [value]), 128000, 16000, 'active', @Epoch, @Epoch
        FROM GENERATE_SERIES(1, @Models) ORDER BY [value];
        INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
        SELECT [m].[ModelId], 'USD', 0.15 * ROW_NUMBER() OVER (ORDER BY [m].[ModelId]), 0.60 * ROW_NUMBER() OVER (ORDER BY [m].[ModelId]), @Epoch
        FROM [catalog].[Model] AS [m] WHERE [m].[ProviderId] = @ProviderId;
        COMMIT TRANSACTION;

        SELECT [k].[OrganizationId], [k].[ApiKeyId]
        FROM [identity].[ApiKey] AS [k] INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [k].[OrganizationId]
        WHERE [o].[Slug] LIKE 'bench-org-%' ORDER BY [k].[OrganizationId], [k].[ApiKeyId];
        SELECT [o].[OrganizationId], [u].[UserId]
        FROM [identity].[User] AS [u] INNER JOIN [tenancy].[Organization] AS [o] ON [u].[Email] LIKE CONCAT(N'bench-', [o].[OrganizationId], N'-%')
        WHERE [o].[Slug] LIKE 'bench-org-%' ORDER BY [o].[OrganizationId], [u].[UserId];
        SELECT [p].[ModelPriceId], [p].[ModelId], [p].[Currency], [p].[InputPricePerMillionTokens], [p].[OutputPricePerMillionTokens], [p].[EffectiveFrom]
        FROM [catalog].[ModelPrice] AS [p] INNER JOIN [catalog].[Model] AS [m] ON [m].[ModelId] = [p].[ModelId]
        WHERE [m].[ProviderId] = @ProviderId ORDER BY [p].[ModelId];
        """;

    /// <summary>
    /// The columns of usage.UsageEvent the history load writes (all but the identity and IngestedAt), as the ingest
    /// procedures would set them: HourBucket, cost and price by the schema's rules; Shard from a stable hash of the
    /// request id (FNV-1a, not CHECKSUM, which .NET cannot reproduce; it only spreads the view's rows).
    /// </summary>
    public static IReadOnlyList<UsageColumn> StoredColumns(ReferenceAggregator aggregator) =>
    [
        new("HourBucket", SqlDbType.DateTime2, false, e => e.HourBucket, Scale: 0),
        new("OccurredAt", SqlDbType.DateTime2, false, e => e.OccurredAt, Scale: 3),
        UsageSql.OrganizationId,
        new("ApiKeyId", SqlDbType.Int, false, e => e.ApiKeyId),
        new("UserId", SqlDbType.Int, true, e => e.UserId),
        new("ModelId", SqlDbType.Int, false, e => e.ModelId),
        new("RequestId", SqlDbType.VarChar, false, e => e.RequestId, Size: 64),
        new("Shard", SqlDbType.TinyInt, false, e => Shard(e.RequestId)),
        new("PromptTokens", SqlDbType.Int, false, e => e.PromptTokens),
        new("CompletionTokens", SqlDbType.Int, false, e => e.CompletionTokens),
        new("CachedTokens", SqlDbType.Int, false, e => e.CachedTokens),
        new("LatencyMs", SqlDbType.Int, false, e => e.LatencyMs),
        new("TimeToFirstTokenMs", SqlDbType.Int, true, e => e.TimeToFirstTokenMs),
        new("StatusCode", SqlDbType.SmallInt, false, e => e.StatusCode),
        new("ErrorClass", SqlDbType.VarChar, true, e => e.ErrorClass, Size: 32),
        new("CostAmount", SqlDbType.Decimal, false, e => aggregator.CostOf(e)),
        new("Currency", SqlDbType.Char, false, _ => "USD", Size: 3),
        new("ModelPriceId", SqlDbType.Int, false, e => aggregator.PriceOf(e).ModelPriceId),
        new("Tags", SqlDbType.NVarChar, true, e => e.Tags, Size: 400),
    ];

    /// <summary>0..7 from FNV-1a over the request id's bytes.</summary>
    public static byte Shard(string requestId)
    {
        var hash = 2166136261u;
        foreach (var c in requestId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (byte)(hash & 7);
    }
}
