using System.Data;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Usage;

/// <summary>What `platformdb bench` measures with.</summary>
public sealed record BenchOptions(long Events, ulong Seed, int Repeat = 30, int Writers = 8, int WritesPerWriter = 250, int Organizations = 50, int Models = 8);

/// <summary>What a benchmark run measured; timings are client-side wall clock (query sent until the last row read).</summary>
public sealed record BenchResult(IReadOnlyList<string> Environment, IReadOnlyList<BenchMeasurement> Measurements, IReadOnlyList<(string Name, double Ratio)> Ratios);

/// <summary>
/// Runs the usage benchmark in a scratch database that already holds the published schema (docs/analytics.md, "Benchmark").
/// History older than the ingest procedures' 2-day late-arrival window (50306) cannot go through them, so the 90 days
/// are bulk-copied straight into usage.UsageEvent as dbo, priced by <see cref="UsageCost"/>; the contract's ingest
/// path (staging + usage.MoveStagedUsageEvents, usage.RecordUsageEvent) is measured on recent events.
/// </summary>
public sealed class UsageBenchmark(SqlTarget target, BenchOptions options, Action<string> progress)
{
    private const int HistoryDays = 90;
    private const string NoViewTable = "[dbo].[BenchUsageEventNoView]";

    private readonly List<BenchMeasurement> measurements = [];
    private readonly List<(string, double)> ratios = [];

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(database: true, cancellationToken).ConfigureAwait(false);
        var environment = await EnvironmentAsync(connection, cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var currentHour = UsageTime.HourOf(now);
        var from = currentHour.AddDays(-HistoryDays);

        progress("Seeding organizations, users, keys, models and prices");
        var (catalog, prices) = await SeedAsync(connection, options.Organizations, options.Models, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"ALTER DATABASE {Quote(target.DatabaseName)} SET RECOVERY SIMPLE;", cancellationToken).ConfigureAwait(false);
        progress("Adding daily partitions for 90 days of history");
        for (var day = from.Date; day <= now.Date; day = day.AddDays(60))
        {
            await ExecuteProcedureAsync(connection, "[usage].[EnsureUsagePartitionsAt]", cancellationToken,
                ("@Now", SqlDbType.DateTime2, day), ("@DaysAhead", SqlDbType.Int, 60)).ConfigureAwait(false);
        }

        var aggregator = new ReferenceAggregator(prices);
        var history = new UsageGenerator(new UsageGeneratorOptions(options.Events, options.Seed, from, currentHour), catalog);

        progress($"Bulk-copying {options.Events:N0} events into usage.UsageEvent (indexed view maintained)");
        var withView = await BulkCopyAsync(connection, "[usage].[UsageEvent]", history.Events(), aggregator, SqlBulkCopyOptions.CheckConstraints, cancellationToken).ConfigureAwait(false);
        measurements.Add(new("Ingest, SqlBulkCopy into usage.UsageEvent with the indexed view", "events/s", null, null, options.Events / withView.TotalSeconds, BenchReport.IngestGoal, "CHECK constraints checked; 10k-row batches"));

        progress("Bulk-copying the same events into a copy without the view");
        await ExecuteAsync(connection, NoViewTableSql, cancellationToken).ConfigureAwait(false);
        var withoutView = await BulkCopyAsync(connection, NoViewTable, history.Events(), aggregator, SqlBulkCopyOptions.Default, cancellationToken).ConfigureAwait(false);
        measurements.Add(new("Ingest, SqlBulkCopy into a copy without the view", "events/s", null, null, options.Events / withoutView.TotalSeconds, "", "same shape, partitioning and indexes; no view, no CHECKs"));
        measurements.Add(new("Indexed-view ingest overhead", "%", null, null, ((withView.TotalSeconds / withoutView.TotalSeconds) - 1) * 100));
        await ExecuteAsync(connection, $"DROP TABLE {NoViewTable};", cancellationToken).ConfigureAwait(false);

        await ContractIngestAsync(connection, catalog, now, cancellationToken).ConfigureAwait(false);

        progress("Recomputing usage.UsageDaily for every day");
        var recompute = Stopwatch.StartNew();
        for (var day = from.Date; day <= now.Date; day = day.AddDays(1))
        {
            await ExecuteProcedureAsync(connection, "[usage].[RecomputeUsageDaily]", cancellationToken, ("@Day", SqlDbType.Date, day)).ConfigureAwait(false);
        }

        measurements.Add(new("usage.RecomputeUsageDaily, per day", "ms", null, null, recompute.Elapsed.TotalMilliseconds / (HistoryDays + 1)));

        await QueriesAsync(connection, catalog, from, currentHour, cancellationToken).ConfigureAwait(false);
        await ConcurrentWritesAsync(catalog, cancellationToken).ConfigureAwait(false);
        await FootprintAsync(connection, cancellationToken).ConfigureAwait(false);
        await RetentionAsync(connection, from.Date, cancellationToken).ConfigureAwait(false);
        return new BenchResult(environment, measurements, ratios);
    }

    /// <summary>Events in the last 36 hours through the contract's bulk path: staging, then usage.MoveStagedUsageEvents per organization batch.</summary>
    private async Task ContractIngestAsync(SqlConnection connection, UsageCatalog catalog, DateTime now, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(options.Events / 10, 1_000, 200_000);
        progress($"Loading {count:N0} recent events through usage.UsageEventStaging and usage.MoveStagedUsageEvents");
        var recent = new UsageGenerator(new UsageGeneratorOptions(count, options.Seed + 1, now.AddHours(-36), now.AddMinutes(-1)), catalog);
        var clock = Stopwatch.StartNew();
        var batches = await new UsageBulkLoader(connection).LoadAllAsync(recent.Events(), 50_000, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        measurements.Add(new("Ingest, staging + usage.MoveStagedUsageEvents (contract path)", "events/s", null, null, count / clock.Elapsed.TotalSeconds,
            BenchReport.IngestGoal, string.Create(CultureInfo.InvariantCulture,
                $"{batches.Count} batches; {batches.Sum(b => b.Duplicates)} duplicates, {batches.Sum(b => b.Rejected)} rejected")));
    }

    private async Task QueriesAsync(SqlConnection connection, UsageCatalog catalog, DateTime from, DateTime currentHour, CancellationToken cancellationToken)
    {
        var organizations = new[] { ("largest organization", catalog.Organizations[0].OrganizationId), ("smallest organization", catalog.Organizations[^1].OrganizationId) };
        var hourFrom = currentHour.AddDays(-7);
        var hourTo = currentHour.AddHours(1);
        var dayFrom = DateOnly.FromDateTime(from);
        var dayTo = DateOnly.FromDateTime(currentHour).AddDays(1);
        foreach (var (label, organizationId) in organizations)
        {
            progress($"Timing the trend queries for the {label}");
            var hourlyParameters = new (string, SqlDbType, object)[] { ("@OrganizationId", SqlDbType.Int, organizationId), ("@From", SqlDbType.DateTime2, hourFrom), ("@To", SqlDbType.DateTime2, hourTo) };
            var dailyParameters = new (string, SqlDbType, object)[] { ("@OrganizationId", SqlDbType.Int, organizationId), ("@FromDay", SqlDbType.Date, dayFrom), ("@ToDay", SqlDbType.Date, dayTo) };
            var hourly = await TimeAsync(connection, $"Hourly over 7 days, {label}, usage.GetUsageHourly", BenchQueries.HourlyRollup, hourlyParameters, BenchReport.DashboardGoal, cancellationToken).ConfigureAwait(false);
            var hourlyRaw = await TimeAsync(connection, $"Hourly over 7 days, {label}, raw GROUP BY", BenchQueries.HourlyRaw, hourlyParameters, BenchReport.RawGoal, cancellationToken).ConfigureAwait(false);
            var daily = await TimeAsync(connection, $"Daily over 90 days, {label}, usage.GetUsageDaily", BenchQueries.DailyRollup, dailyParameters, BenchReport.DashboardGoal, cancellationToken).ConfigureAwait(false);
            var dailyRaw = await TimeAsync(connection, $"Daily over 90 days, {label}, raw GROUP BY", BenchQueries.DailyRaw, dailyParameters, "", cancellationToken).ConfigureAwait(false);
            ratios.Add(($"Hourly over 7 days, {label}", hourlyRaw / hourly));
            ratios.Add(($"Daily over 90 days, {label}", dailyRaw / daily));
        }

        await TimeAsync(connection, "Hourly over 7 days, all organizations, raw GROUP BY", BenchQueries.HourlyRawAllOrganizations,
            [("@From", SqlDbType.DateTime2, hourFrom), ("@To", SqlDbType.DateTime2, hourTo)], BenchReport.RawGoal, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Two warm-up runs, then <see cref="BenchOptions.Repeat"/> timed runs; returns the median.</summary>
    private async Task<double> TimeAsync(SqlConnection connection, string name, string sql, IReadOnlyList<(string Name, SqlDbType Type, object Value)> parameters, string goal, CancellationToken cancellationToken)
    {
        var timings = new List<double>();
        var rows = 0;
        for (var run = 0; run < options.Repeat + 2; run++)
        {
            await using var command = Command(connection, sql, parameters);
            var clock = Stopwatch.StartNew();
            rows = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows++;
                }
            }

            if (run >= 2)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var measurement = BenchMeasurement.Timing(name, timings, goal, string.Create(CultureInfo.InvariantCulture, $"{rows} rows, hot, {options.Repeat} runs"));
        measurements.Add(measurement);
        return measurement.Median!.Value;
    }

    /// <summary>K connections call usage.RecordUsageEvent for the largest organization's current hour at the same time.</summary>
    private async Task ConcurrentWritesAsync(UsageCatalog catalog, CancellationToken cancellationToken)
    {
        progress($"{options.Writers} writers calling usage.RecordUsageEvent into one organization's current hour");
        var organization = catalog.Organizations[0];
        var latencies = new List<double>[options.Writers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Writers).Select(async writer =>
        {
            latencies[writer] = [];
            await using var connection = await target.OpenAsync(database: true, cancellationToken).ConfigureAwait(false);
            var now = DateTime.UtcNow;
            var events = new UsageGenerator(new UsageGeneratorOptions(options.WritesPerWriter, options.Seed + 100 + (ulong)writer, now.AddSeconds(-30), now), catalog).Events();
            foreach (var e in events)
            {
                var single = e with { OrganizationId = organization.OrganizationId, ApiKeyId = organization.ApiKeyIds[0], UserId = null };
                await using var command = UsageSql.RecordOne(connection, single);
                var call = Stopwatch.StartNew();
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                latencies[writer].Add(call.Elapsed.TotalMilliseconds);
            }
        })).ConfigureAwait(false);
        clock.Stop();
        var all = latencies.SelectMany(l => l).ToList();
        measurements.Add(new("Concurrent usage.RecordUsageEvent, one organization's current hour", "events/s", null, null, all.Count / clock.Elapsed.TotalSeconds, "",
            string.Create(CultureInfo.InvariantCulture, $"{options.Writers} connections × {options.WritesPerWriter} calls; 8 view shards")));
        measurements.Add(BenchMeasurement.Timing("Concurrent usage.RecordUsageEvent, latency per call", all));
    }

    /// <summary>Reserved bytes of usage.UsageEvent (all its indexes) and of the indexed view, per stored event.</summary>
    private async Task FootprintAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        progress("Measuring bytes per event (sys.dm_db_partition_stats)");
        await using var command = Command(connection, BenchQueries.Footprint, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = reader.GetInt64(0);
        var tableBytes = reader.GetInt64(1);
        var viewBytes = reader.GetInt64(2);
        measurements.Add(new("Bytes per event, usage.UsageEvent (clustered + 2 nonclustered)", "bytes", null, null, tableBytes / (double)Math.Max(rows, 1), BenchReport.FootprintGoal,
            string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows")));
        measurements.Add(new("Bytes per event, with usage.UsageHourly", "bytes", null, null, (tableBytes + viewBytes) / (double)Math.Max(rows, 1), BenchReport.FootprintGoal));
    }

    /// <summary>
    /// usage.PurgeUsagePartitionsAt for the oldest day, then for the next 29 (a month in all). Log bytes: after a
    /// CHECKPOINT in this SIMPLE-recovery database the log holds little else, so the growth of SUM([Log Record Length])
    /// over sys.fn_dblog is the purge's log (an upper bound: background records count too).
    /// </summary>
    private async Task RetentionAsync(SqlConnection connection, DateTime oldestDay, CancellationToken cancellationToken)
    {
        const int retentionDays = 30;
        foreach (var (label, days) in new[] { ("Retention, one day (one partition)", 1), ("Retention, the next 29 days", 30) })
        {
            progress($"Purging: {label}");
            var keepFrom = oldestDay.AddDays(days);
            var rows = await ScalarAsync<long>(connection, "SELECT COUNT_BIG(*) FROM [usage].[UsageEvent] WHERE [HourBucket] < @KeepFrom;", cancellationToken, ("@KeepFrom", SqlDbType.DateTime2, keepFrom)).ConfigureAwait(false);
            await ExecuteAsync(connection, "CHECKPOINT;", cancellationToken).ConfigureAwait(false);
            var logBefore = await ScalarAsync<long>(connection, BenchQueries.LogBytes, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await ExecuteProcedureAsync(connection, "[usage].[PurgeUsagePartitionsAt]", cancellationToken,
                ("@Now", SqlDbType.DateTime2, keepFrom.AddDays(retentionDays)), ("@RetentionDays", SqlDbType.Int, retentionDays)).ConfigureAwait(false);
            clock.Stop();
            var logAfter = await ScalarAsync<long>(connection, BenchQueries.LogBytes, cancellationToken).ConfigureAwait(false);
            measurements.Add(new(label, "ms", null, null, clock.Elapsed.TotalMilliseconds, BenchReport.RetentionGoal,
                string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows; log {(logAfter - logBefore) / 1024.0:N0} KB")));
        }
    }

    /// <summary>Runs <see cref="BenchQueries.Seed"/> (once per database) and returns the catalog, biggest organization first, and the prices.</summary>
    public static async Task<(UsageCatalog Catalog, IReadOnlyList<ModelPrice> Prices)> SeedAsync(SqlConnection connection, int organizations, int models, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, BenchQueries.Seed,
            [("@Organizations", SqlDbType.Int, organizations), ("@KeysPerOrganization", SqlDbType.Int, 3), ("@UsersPerOrganization", SqlDbType.Int, 5), ("@Models", SqlDbType.Int, models)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<(int Organization, int Key)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var users = new List<(int Organization, int User)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var prices = new List<ModelPrice>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            prices.Add(new ModelPrice(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4),
                DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc), null));
        }

        var seeded = keys.GroupBy(k => k.Organization).OrderBy(g => g.Key)
            .Select(g => new UsageOrganization(g.Key, g.Select(k => k.Key).ToArray(), users.Where(u => u.Organization == g.Key).Select(u => u.User).ToArray()))
            .ToArray();
        return (new UsageCatalog(seeded, prices.Select(p => p.ModelId).Distinct().Order().ToArray()), prices);
    }

    private static async Task<TimeSpan> BulkCopyAsync(SqlConnection connection, string table, IEnumerable<UsageEvent> events, ReferenceAggregator aggregator, SqlBulkCopyOptions copyOptions, CancellationToken cancellationToken)
    {
        var columns = BenchQueries.StoredColumns(aggregator);
        using var bulkCopy = new SqlBulkCopy(connection, copyOptions, externalTransaction: null)
        {
            DestinationTableName = table,
            BatchSize = UsageBulkLoader.BatchSize,
            EnableStreaming = true,
            BulkCopyTimeout = 0,
        };
        foreach (var column in columns)
        {
            bulkCopy.ColumnMappings.Add(column.Name, column.Name);
        }

        await using var reader = new UsageEventDataReader(events, columns);
        var clock = Stopwatch.StartNew();
        await bulkCopy.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static async Task<List<string>> EnvironmentAsync(SqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, BenchQueries.ServerFacts, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return
        [
            $"Server: {reader.GetString(0).Split('\n')[0].Trim()}; {reader.GetInt32(1)} logical CPUs; {reader.GetInt64(2) / 1024.0:0.#} GB memory",
            $"Client: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; timings are client-side, hot (after two warm-up runs)",
        ];
    }

    private static SqlCommand Command(SqlConnection connection, string sql, IReadOnlyList<(string Name, SqlDbType Type, object Value)> parameters)
    {
        var command = new SqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, type, value) in parameters)
        {
            command.Parameters.Add(new SqlParameter(name, type) { Value = value });
        }

        return command;
    }

    private static async Task ExecuteAsync(SqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, []);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteProcedureAsync(SqlConnection connection, string procedure, CancellationToken cancellationToken, params (string, SqlDbType, object)[] parameters)
    {
        await using var command = Command(connection, procedure, parameters);
        command.CommandType = CommandType.StoredProcedure;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(SqlConnection connection, string sql, CancellationToken cancellationToken, params (string, SqlDbType, object)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return (T)Convert.ChangeType(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, typeof(T), CultureInfo.InvariantCulture);
    }

    private static string Quote(string name) => "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";

    /// <summary>A copy of usage.UsageEvent's shape (columns, identity, partitioning, the three indexes) with no view, checks or defaults but IngestedAt's.</summary>
    private const string NoViewTableSql = """
        SELECT TOP (0) * INTO [dbo].[BenchUsageEventNoView] FROM [usage].[UsageEvent];
        ALTER TABLE [dbo].[BenchUsageEventNoView] ADD CONSTRAINT [DF_BenchUsageEventNoView_IngestedAt] DEFAULT (SYSUTCDATETIME()) FOR [IngestedAt];
        ALTER TABLE [dbo].[BenchUsageEventNoView] ADD CONSTRAINT [PK_BenchUsageEventNoView] PRIMARY KEY CLUSTERED ([HourBucket], [UsageEventId]) ON [PS_UsageDay] ([HourBucket]);
        CREATE UNIQUE NONCLUSTERED INDEX [UQ_BenchUsageEventNoView_Organization_RequestId_HourBucket]
            ON [dbo].[BenchUsageEventNoView] ([OrganizationId], [RequestId], [HourBucket]) ON [PS_UsageDay] ([HourBucket]);
        CREATE NONCLUSTERED INDEX [IX_BenchUsageEventNoView_Organization_ApiKey_HourBucket]
            ON [dbo].[BenchUsageEventNoView] ([OrganizationId], [ApiKeyId], [HourBucket])
            INCLUDE ([ModelId], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [CostAmount])
            ON [PS_UsageDay] ([HourBucket]);
        """;
}
