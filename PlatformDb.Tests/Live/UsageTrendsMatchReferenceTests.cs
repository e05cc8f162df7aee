using System.Data;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Usage;

namespace PlatformDb.Tests.Live;

/// <summary>
/// The usage schema's trend functions against the C# reference aggregation: a seeded sample of two organizations goes
/// in through both ingest paths (SqlBulkCopy + usage.MoveStagedUsageEvents, and usage.RecordUsageEvents); the hourly and
/// daily trends of each organization equal <see cref="ReferenceAggregator"/> over that organization's events only.
/// The only test that seeds the bench catalog (BenchQueries.Seed runs once per database).
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class UsageTrendsMatchReferenceTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task Hourly_and_daily_trends_equal_the_reference_aggregation_and_never_show_another_organization()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        var (catalog, prices) = await UsageBenchmark.SeedAsync(connection, organizations: 2, models: 3, ct);
        var now = DateTime.UtcNow;
        await ExecAsync(connection, "[usage].[EnsureUsagePartitionsAt]", ct, ("@Now", SqlDbType.DateTime2, now.AddDays(-3)), ("@DaysAhead", SqlDbType.Int, 7));
        var events = new UsageGenerator(new UsageGeneratorOptions(4_000, 1234, now.AddHours(-40), now.AddMinutes(-1)), catalog).Events().ToList();
        var bulk = events.Where((_, i) => i % 2 == 0).ToList();
        var table = events.Where((_, i) => i % 2 == 1).ToList();

        var batches = await new UsageBulkLoader(connection).LoadAllAsync(bulk, 500, ct);
        var outcomes = new List<IngestOutcome>();
        foreach (var group in table.GroupBy(e => e.OrganizationId))
        {
            foreach (var chunk in group.Chunk(500))
            {
                await using var command = UsageSql.RecordMany(connection, group.Key, chunk);
                outcomes.AddRange(await UsageSql.ReadOutcomesAsync(command, ct));
            }
        }

        Assert.Equal(bulk.Count, batches.Sum(b => b.Staged));
        Assert.Empty(batches.SelectMany(b => b.Reported));
        Assert.Equal(table.Count, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal("inserted", o.Outcome));
        var aggregator = new ReferenceAggregator(prices);
        Assert.Equal(table.Select(aggregator.CostOf), outcomes.Select(o => o.CostAmount!.Value));

        var firstDay = DateOnly.FromDateTime(now.AddHours(-40));
        var toDay = DateOnly.FromDateTime(now).AddDays(1);
        for (var day = firstDay; day < toDay; day = day.AddDays(1))
        {
            await ExecAsync(connection, "[usage].[RecomputeUsageDaily]", ct, ("@Day", SqlDbType.Date, day));
        }

        var from = UsageTime.HourOf(now.AddHours(-48));
        var to = UsageTime.HourOf(now).AddHours(1);
        foreach (var organization in catalog.Organizations)
        {
            var id = organization.OrganizationId;
            Assert.Equal(aggregator.Hourly(events, id, from, to), await TrendAsync(connection, Hourly, id, from, to, null, null, ct));
            Assert.Equal(aggregator.Daily(events, id, firstDay, toDay), await TrendAsync(connection, Daily, id, firstDay, toDay, null, null, ct));
            var model = catalog.ModelIds[0];
            var key = organization.ApiKeyIds[0];
            Assert.Equal(aggregator.Hourly(events, id, from, to, model, null), await TrendAsync(connection, Hourly, id, from, to, model, null, ct));
            Assert.Equal(aggregator.Hourly(events, id, from, to, null, key), await TrendAsync(connection, Hourly, id, from, to, null, key, ct));
            Assert.Equal(aggregator.Daily(events, id, firstDay, toDay, model, key), await TrendAsync(connection, Daily, id, firstDay, toDay, model, key, ct));
        }

        // The sample has both organizations in the same hours; the first's trend counts only its own events.
        var first = catalog.Organizations[0].OrganizationId;
        var firstRows = await TrendAsync(connection, Hourly, first, from, to, null, null, ct);
        Assert.Equal(events.Count(e => e.OrganizationId == first), firstRows.Sum(r => r.RequestCount));
        Assert.True(events.Count(e => e.OrganizationId != first) > 0, "the sample has a second organization");
        Assert.Empty(await TrendAsync(connection, Hourly, first, from, to, null, catalog.Organizations[1].ApiKeyIds[0], ct));
    }

    private const string Hourly = "SELECT * FROM [usage].[GetUsageHourly](@OrganizationId, @From, @To, @ModelId, @ApiKeyId) ORDER BY [BucketStart], [ModelId];";
    private const string Daily = "SELECT * FROM [usage].[GetUsageDaily](@OrganizationId, @From, @To, @ModelId, @ApiKeyId) ORDER BY [UsageDay], [ModelId];";

    private static async Task<List<UsageTrendRow>> TrendAsync(SqlConnection connection, string sql, int organizationId, object from, object to, int? modelId, int? apiKeyId, CancellationToken ct)
    {
        var daily = sql == Daily;
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
        command.Parameters.Add("@From", daily ? SqlDbType.Date : SqlDbType.DateTime2).Value = daily ? ((DateOnly)from).ToDateTime(TimeOnly.MinValue) : from;
        command.Parameters.Add("@To", daily ? SqlDbType.Date : SqlDbType.DateTime2).Value = daily ? ((DateOnly)to).ToDateTime(TimeOnly.MinValue) : to;
        command.Parameters.Add("@ModelId", SqlDbType.Int).Value = (object?)modelId ?? DBNull.Value;
        command.Parameters.Add("@ApiKeyId", SqlDbType.Int).Value = (object?)apiKeyId ?? DBNull.Value;
        var rows = new List<UsageTrendRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new UsageTrendRow(
                DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc),
                reader.GetInt32(reader.GetOrdinal("ModelId")),
                reader.GetInt64(reader.GetOrdinal("RequestCount")),
                reader.GetInt64(reader.GetOrdinal("PromptTokens")),
                reader.GetInt64(reader.GetOrdinal("CompletionTokens")),
                reader.GetInt64(reader.GetOrdinal("CachedTokens")),
                reader.GetInt64(reader.GetOrdinal("ErrorCount")),
                reader.GetInt64(reader.GetOrdinal("LatencyMsSum")),
                reader.GetInt64(reader.GetOrdinal("TimeToFirstTokenMsSum")),
                reader.GetInt64(reader.GetOrdinal("TimeToFirstTokenCount")),
                reader.GetDecimal(reader.GetOrdinal("CostAmount"))));
        }

        return rows;
    }

    private static async Task ExecAsync(SqlConnection connection, string procedure, CancellationToken ct, params (string Name, SqlDbType Type, object Value)[] parameters)
    {
        await using var command = new SqlCommand(procedure, connection) { CommandType = CommandType.StoredProcedure, CommandTimeout = 120 };
        foreach (var (name, type, value) in parameters)
        {
            command.Parameters.Add(name, type).Value = value is DateOnly day ? day.ToDateTime(TimeOnly.MinValue) : value;
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
