using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Usage analytics against a real server (docs/analytics.md). The ingest and trend tests share the live database: each
/// works on organizations of its own, and the trend functions are scoped to one organization, so the tests do not see
/// each other. Partition maintenance changes the database-wide partition function, so those tests publish a scratch
/// database of their own. Trends are compared with a straightforward GROUP BY over the raw rows written here, not with
/// the views they read.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class UsageAnalyticsTests(LiveDatabaseFixture fixture)
{
    private static readonly string HourlyTrend =
        "SELECT [BucketStart], [ModelId], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount] " +
        "FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, NULL, @ApiKeyId)";

    private static readonly string DailyTrend =
        "SELECT [UsageDay], [ModelId], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount] " +
        "FROM [usage].[GetUsageDaily](@OrganizationId, @FromDay, @ToDay, NULL, @ApiKeyId)";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hourly_and_daily_trends_of_seeded_random_usage_equal_a_recomputation_from_the_raw_rows(bool filterByApiKey)
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var usage = new UsageRows(fixture.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var events = UsageRows.Seeded(tenant, 600, now.AddHours(-40), now.AddMinutes(-1), seed: 20261201);

        var outcomes = await usage.RecordAsync(tenant.OrganizationId, events, ct);

        Assert.All(outcomes, o => Assert.Equal("inserted", o.Kind));
        var from = now.Date.AddDays(-3);
        var to = now.Date.AddDays(1);
        var parameters = Parameters(tenant.OrganizationId, from, to, filterByApiKey ? tenant.ApiKeyId : null);
        var keyFilter = filterByApiKey ? "AND [e].[ApiKeyId] = @ApiKeyId" : "";
        Assert.Equal((0, 0), await usage.DifferenceFromRawAsync(UsageRows.RawByBucket("[e].[HourBucket]", keyFilter), HourlyTrend, ct, parameters()));
        Assert.Equal((0, 0), await usage.DifferenceFromRawAsync(UsageRows.RawByBucket("CAST([e].[HourBucket] AS DATE)", keyFilter), DailyTrend, ct, parameters()));
    }

    [Fact]
    public async Task A_second_organization_never_appears_in_the_first_organizations_trends()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var usage = new UsageRows(fixture.ConnectionString);
        var first = await usage.TenantAsync(ct);
        var second = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var firstEvents = UsageRows.Seeded(first, 50, now.AddHours(-5), now, seed: 1);
        await usage.RecordAsync(first.OrganizationId, firstEvents, ct);
        // The second organization reuses the first one's request ids and times: its own events, not duplicates.
        var mirrored = UsageRows.Seeded(second, 50, now.AddHours(-5), now, seed: 2)
            .Zip(firstEvents, (e, f) => e with { RequestId = f.RequestId, OccurredAt = f.OccurredAt }).ToList();
        var secondOutcomes = await usage.RecordAsync(second.OrganizationId, mirrored, ct);

        var leaked = await usage.QueryAsync(
            """
            SELECT COUNT(*) FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, @OtherModelId, NULL)
            UNION ALL SELECT COUNT(*) FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, NULL, @OtherApiKeyId)
            UNION ALL SELECT COUNT(*) FROM [usage].[GetUsageDaily](@OrganizationId, @FromDay, @ToDay, NULL, @OtherApiKeyId);
            """, ct,
            Int("@OrganizationId", first.OrganizationId), Int("@OtherModelId", second.ModelId), Int("@OtherApiKeyId", second.ApiKeyId),
            Time("@From", now.Date.AddDays(-1)), Time("@To", now.Date.AddDays(1)),
            Day("@FromDay", now.Date.AddDays(-1)), Day("@ToDay", now.Date.AddDays(1)));
        var total = await usage.QueryAsync(
            "SELECT SUM([RequestCount]) FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, NULL, NULL);", ct,
            Int("@OrganizationId", first.OrganizationId), Time("@From", now.Date.AddDays(-1)), Time("@To", now.Date.AddDays(1)));

        Assert.All(secondOutcomes, o => Assert.Equal("inserted", o.Kind));
        Assert.All(leaked, row => Assert.Equal(0, row.GetInt32(0)));
        Assert.Equal(50, total.Single().GetInt64(0));
    }

    [Fact]
    public async Task A_duplicate_request_id_is_a_no_op_that_reports_the_existing_row()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var usage = new UsageRows(fixture.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var one = UsageRows.Seeded(tenant, 1, now.AddMinutes(-10), now.AddMinutes(-9), seed: 3);
        var retried = one[0] with { PromptTokens = one[0].PromptTokens + 1 };

        var firstCall = await usage.RecordAsync(tenant.OrganizationId, one, ct);
        var secondCall = await usage.RecordAsync(tenant.OrganizationId, [retried, retried], ct);

        Assert.Equal("inserted", Assert.Single(firstCall).Kind);
        Assert.All(secondCall, o => Assert.Equal(("duplicate", firstCall[0].UsageEventId, firstCall[0].CostAmount), (o.Kind, o.UsageEventId, o.CostAmount)));
        var stored = await usage.QueryAsync(
            "SELECT COUNT(*), MAX([PromptTokens]) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [RequestId] = @RequestId;", ct,
            Int("@OrganizationId", tenant.OrganizationId), new SqlParameter("@RequestId", SqlDbType.VarChar, 64) { Value = one[0].RequestId });
        Assert.Equal((1, one[0].PromptTokens), (stored[0].GetInt32(0), stored[0].GetInt32(1)));
    }

    [Fact]
    public async Task A_refused_event_inside_a_callers_transaction_writes_nothing_and_leaves_the_transaction_open()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var usage = new UsageRows(fixture.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var good = UsageRows.Seeded(tenant, 1, now.AddMinutes(-5), now.AddMinutes(-4), seed: 4)[0];
        var bad = good with { RequestId = good.RequestId + "-bad", PromptTokens = -1 };

        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        await Call(connection, transaction, tenant.OrganizationId, [good], ct);
        var refused = await Assert.ThrowsAsync<SqlException>(() => Call(connection, transaction, tenant.OrganizationId, [good with { RequestId = good.RequestId + "-2" }, bad], ct));
        await using var count = new SqlCommand("SELECT @@TRANCOUNT, (SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId);", connection, transaction);
        count.Parameters.Add(Int("@OrganizationId", tenant.OrganizationId));
        await using var reader = await count.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);

        Assert.Equal(50304, refused.Number);
        Assert.Equal((1, 1), (reader.GetInt32(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task The_daily_recompute_is_idempotent_and_a_final_day_reads_the_same_from_the_daily_table()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        // A scratch database: finalizing a real day with a clock four days on would freeze it for the other tests.
        await using var scratch = new ScratchDatabase(fixture.ServerConnectionString);
        LiveDatabaseFixture.PublishBuiltDacpac(fixture.ServerConnectionString, scratch.Name, ct);
        var usage = new UsageRows(scratch.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var yesterday = now.Date.AddDays(-1);
        await usage.RecordAsync(tenant.OrganizationId, UsageRows.Seeded(tenant, 300, yesterday, yesterday.AddDays(1).AddTicks(-1), seed: 5), ct);
        const string Snapshot =
            "SELECT [OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], " +
            "[LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount] FROM [usage].[UsageDaily] WHERE [UsageDay] = @Day ORDER BY 1, 2;";

        // A clock four days on makes the day final, as the hourly job would once the late-arrival window has closed.
        await Recompute(usage, yesterday, yesterday.AddDays(4), ct);
        var once = await usage.QueryAsync(Snapshot, ct, Day("@Day", yesterday));
        await Recompute(usage, yesterday, yesterday.AddDays(4), ct);
        var twice = await usage.QueryAsync(Snapshot, ct, Day("@Day", yesterday));

        Assert.Equal(once.Select(r => string.Join('|', r.Values)), twice.Select(r => string.Join('|', r.Values)));
        Assert.Contains(once, r => r.GetInt32(0) == tenant.OrganizationId);
        var parameters = Parameters(tenant.OrganizationId, yesterday, yesterday.AddDays(1), null);
        Assert.Equal((0, 0), await usage.DifferenceFromRawAsync(
            UsageRows.RawByBucket("CAST([e].[HourBucket] AS DATE)", "AND [e].[HourBucket] >= @From AND [e].[HourBucket] < @To"), DailyTrend, ct, parameters()));
    }

    [Fact]
    public async Task Partition_maintenance_twice_equals_once()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = new ScratchDatabase(fixture.ServerConnectionString);
        LiveDatabaseFixture.PublishBuiltDacpac(fixture.ServerConnectionString, scratch.Name, ct);
        var usage = new UsageRows(scratch.ConnectionString);
        var clock = DateTime.UtcNow.Date.AddDays(3).AddHours(5);

        await Ensure(usage, clock, ct);
        await Purge(usage, clock, ct);
        var once = await Boundaries(usage, ct);
        await Ensure(usage, clock, ct);
        await Purge(usage, clock, ct);
        var twice = await Boundaries(usage, ct);

        Assert.Equal(once, twice);
        Assert.Equal(Enumerable.Range(0, 9).Select(d => clock.Date.AddDays(d)), once.Where(b => b >= clock.Date));
    }

    [Fact]
    public async Task Purge_removes_only_expired_days_keeps_their_daily_totals_and_leaves_the_view_consistent()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var scratch = new ScratchDatabase(fixture.ServerConnectionString);
        LiveDatabaseFixture.PublishBuiltDacpac(fixture.ServerConnectionString, scratch.Name, ct);
        var usage = new UsageRows(scratch.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var today = DateTime.UtcNow.Date;
        // The boundaries twenty days of daily maintenance would have made; a new database has only today's and later.
        await usage.ExecuteAsync(
            """
            SET QUOTED_IDENTIFIER ON;
            DECLARE @d DATETIME2(0) = @First;
            WHILE @d < @Today
            BEGIN
                ALTER PARTITION SCHEME [PS_UsageDay] NEXT USED [PRIMARY];
                ALTER PARTITION FUNCTION [PF_UsageDay]() SPLIT RANGE (@d);
                SET @d = DATEADD(DAY, 1, @d);
            END;
            """, ct, Time("@First", today.AddDays(-20)), Time("@Today", today));
        for (var day = 20; day >= 1; day--)
        {
            var start = today.AddDays(-day);
            var events = UsageRows.Seeded(tenant, 40, start, start.AddDays(1).AddTicks(-1), seed: 100 + day);
            var outcomes = await usage.RecordAtAsync(tenant.OrganizationId, events, start.AddDays(1), ct);
            Assert.All(outcomes, o => Assert.Equal("inserted", o.Kind));
        }

        var rawBefore = await DailyFromRaw(usage, tenant.OrganizationId, ct);
        var cutoff = today.AddDays(-7);

        await Purge(usage, DateTime.UtcNow, ct);
        await Purge(usage, DateTime.UtcNow, ct);

        var oldest = await usage.QueryAsync("SELECT MIN([HourBucket]), COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;", ct,
            Int("@OrganizationId", tenant.OrganizationId));
        Assert.Equal(cutoff, oldest[0].GetDateTime(0).Date);
        Assert.Equal(7 * 40, oldest[0].GetInt32(1));
        Assert.Equal(cutoff, (await Boundaries(usage, ct)).First());
        Assert.Equal(0, (await usage.QueryAsync("SELECT COUNT(*) FROM [usage].[UsageEventPurge];", ct)).Single().GetInt32(0));
        // The hourly view holds exactly the remaining raw rows, and the daily trend still covers all twenty days.
        var hourly = Parameters(tenant.OrganizationId, today.AddDays(-30), today.AddDays(1), null);
        Assert.Equal((0, 0), await usage.DifferenceFromRawAsync(
            UsageRows.RawByBucket("[e].[HourBucket]"),
            "SELECT [h].[HourBucket], [h].[ModelId], SUM([h].[RequestCount]), SUM([h].[PromptTokens]), SUM([h].[CompletionTokens]), SUM([h].[CachedTokens]), SUM([h].[ErrorCount]), SUM([h].[LatencyMsSum]), SUM([h].[TimeToFirstTokenMsSum]), SUM([h].[TimeToFirstTokenCount]), SUM([h].[CostAmount]) FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND) WHERE [h].[OrganizationId] = @OrganizationId GROUP BY [h].[HourBucket], [h].[ModelId]",
            ct, hourly()));
        var dailyAfter = await usage.QueryAsync(
            "SELECT [UsageDay], SUM([RequestCount]), SUM([CostAmount]) FROM [usage].[GetUsageDaily](@OrganizationId, @FromDay, @ToDay, NULL, NULL) GROUP BY [UsageDay] ORDER BY 1;", ct,
            Int("@OrganizationId", tenant.OrganizationId), Day("@FromDay", today.AddDays(-30)), Day("@ToDay", today.AddDays(1)));
        Assert.Equal(rawBefore, dailyAfter.Select(r => string.Join('|', r.Values)).ToList());
    }

    private static async Task<List<string>> DailyFromRaw(UsageRows usage, int organizationId, CancellationToken ct) =>
        (await usage.QueryAsync(
            "SELECT CAST([HourBucket] AS DATE), COUNT_BIG(*), CAST(SUM([CostAmount]) AS DECIMAL(38, 6)) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId GROUP BY CAST([HourBucket] AS DATE) ORDER BY 1;",
            ct, Int("@OrganizationId", organizationId))).Select(r => string.Join('|', r.Values)).ToList();

    private static async Task<List<DateTime>> Boundaries(UsageRows usage, CancellationToken ct) =>
        (await usage.QueryAsync(
            """
            SELECT CAST([v].[value] AS DATETIME2(0)) FROM [sys].[partition_range_values] AS [v]
            INNER JOIN [sys].[partition_functions] AS [f] ON [f].[function_id] = [v].[function_id]
            WHERE [f].[name] = N'PF_UsageDay' ORDER BY [v].[boundary_id];
            """, ct)).Select(r => r.GetDateTime(0)).ToList();

    private static Task Ensure(UsageRows usage, DateTime now, CancellationToken ct) =>
        usage.ExecuteAsync("SET QUOTED_IDENTIFIER ON; EXECUTE [usage].[EnsureUsagePartitionsAt] @Now = @Now, @DaysAhead = 7;", ct, Time("@Now", now));

    private static Task Purge(UsageRows usage, DateTime now, CancellationToken ct) =>
        usage.ExecuteAsync("SET QUOTED_IDENTIFIER ON; EXECUTE [usage].[PurgeUsagePartitionsAt] @Now = @Now, @RetentionDays = 7;", ct, Time("@Now", now));

    private static Task Recompute(UsageRows usage, DateTime day, DateTime now, CancellationToken ct) =>
        usage.ExecuteAsync("SET QUOTED_IDENTIFIER ON; EXECUTE [usage].[RecomputeUsageDailyAt] @Day = @Day, @Now = @Now;", ct, Day("@Day", day), Time("@Now", now));

    private static async Task Call(SqlConnection connection, SqlTransaction transaction, int organizationId, IReadOnlyList<UsageRows.Event> events, CancellationToken ct)
    {
        await using var command = new SqlCommand("[usage].[RecordUsageEvents]", connection, transaction) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(Int("@OrganizationId", organizationId));
        command.Parameters.Add(new SqlParameter("@Events", SqlDbType.Structured) { TypeName = "[usage].[UsageEventList]", Value = UsageRows.Table(events) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
        }
    }

    private static Func<SqlParameter[]> Parameters(int organizationId, DateTime from, DateTime to, int? apiKeyId) => () =>
    [
        Int("@OrganizationId", organizationId), Time("@From", from), Time("@To", to), Day("@FromDay", from.Date), Day("@ToDay", to.Date),
        new SqlParameter("@ApiKeyId", SqlDbType.Int) { Value = (object?)apiKeyId ?? DBNull.Value },
    ];

    private static SqlParameter Int(string name, int value) => new(name, SqlDbType.Int) { Value = value };

    private static SqlParameter Time(string name, DateTime value) => new(name, SqlDbType.DateTime2) { Scale = 3, Value = value };

    private static SqlParameter Day(string name, DateTime value) => new(name, SqlDbType.Date) { Value = value.Date };
}
