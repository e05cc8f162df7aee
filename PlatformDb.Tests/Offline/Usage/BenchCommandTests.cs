using System.Diagnostics;
using PlatformDb.Cli;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Usage;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>`platformdb bench`'s offline rules: the event count, the scratch-database refusal, the report.</summary>
public sealed class BenchCommandTests
{
    private const string Unreachable = "Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password=not-a-secret;Connect Timeout=2;Encrypt=False";

    [Theory]
    [InlineData("1000000", 1_000_000)]
    [InlineData("1_000_000", 1_000_000)]
    [InlineData("1,000,000", 1_000_000)]
    [InlineData("500k", 500_000)]
    [InlineData("500K", 500_000)]
    [InlineData("10M", 10_000_000)]
    [InlineData("10m", 10_000_000)]
    [InlineData("1.5M", 1_500_000)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData(" 7 ", 7)]
    public void Event_counts_take_k_M_and_G_suffixes(string text, long expected)
    {
        Assert.Equal(expected, BenchRules.ParseEventCount(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("10X")]
    [InlineData("1e6")]
    public void Anything_else_is_a_usage_error(string text)
    {
        var error = Assert.Throws<UsageException>(() => BenchRules.ParseEventCount(text));
        Assert.Contains("--events", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PlatformDb_Bench_1a2b3c4d")]
    [InlineData("PlatformDb_Bench_nightly_10M")]
    public void Only_scratch_names_are_accepted(string name)
    {
        Assert.Equal(name, BenchRules.CheckDatabaseName(name));
        Assert.Matches("^PlatformDb_Bench_[0-9a-f]{8}$", BenchRules.NewDatabaseName());
    }

    [Theory]
    [InlineData("PlatformDb")]
    [InlineData("master")]
    [InlineData("PlatformDb_Bench_")]
    [InlineData("platformdb_bench_x")]
    [InlineData("PlatformDb_Bench_x]; DROP DATABASE PlatformDb; --")]
    [InlineData("PlatformDb_Test_1a2b3c4d")]
    public void Any_other_database_is_refused(string name)
    {
        var error = Assert.Throws<RefusedException>(() => BenchRules.CheckDatabaseName(name));
        Assert.Contains("scratch database it creates and drops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_scratch_database_is_refused_before_connecting()
    {
        var clock = Stopwatch.StartNew();

        var result = await CliRunner.RunAsync("bench", "--connection", Unreachable, "--database", "PlatformDb");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}: it connected");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("error: refused, nothing was changed: bench runs only in a scratch database", line, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("--events", "lots")]
    [InlineData("--repeat", "0")]
    public async Task Bad_arguments_are_usage_errors_before_connecting(string option, string value)
    {
        var result = await CliRunner.RunAsync("bench", "--connection", Unreachable, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Without_a_connection_bench_says_how_to_give_one()
    {
        var result = await CliRunner.RunAsync("bench", "--events", "10");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("PLATFORMDB_CONNECTION", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scratch_target_keeps_the_server_and_replaces_the_database()
    {
        var target = Cli.Commands.BenchCommand.ScratchTarget(Unreachable, "PlatformDb_Bench_x");

        Assert.Equal("PlatformDb_Bench_x", target.DatabaseName);
        Assert.Equal("tcp:127.0.0.1,1", target.Server);
        Assert.Equal("PlatformDb_Bench_y", Cli.Commands.BenchCommand.ScratchTarget("Server=s;Integrated Security=true", "PlatformDb_Bench_y").DatabaseName);
    }

    [Fact]
    public void Median_and_p95_are_nearest_rank()
    {
        double[] values = [.. Enumerable.Range(1, 100).Select(i => (double)(101 - i))];

        Assert.Equal(50, Percentiles.Median(values));
        Assert.Equal(95, Percentiles.P95(values));
        Assert.Equal(7, Percentiles.P95([7]));
        Assert.Throws<ArgumentException>(() => Percentiles.Median([]));
    }

    [Fact]
    public void The_report_shows_every_measurement_its_goal_and_the_raw_to_rollup_ratio_in_markdown_and_csv()
    {
        BenchMeasurement[] measurements =
        [
            BenchMeasurement.Timing("Hourly over 7 days, largest organization, usage.GetUsageHourly", [1.0, 2.0, 3.0], BenchReport.DashboardGoal, "168 rows, hot"),
            new("Ingest, staging + usage.MoveStagedUsageEvents (contract path)", "events/s", null, null, 61234.5, BenchReport.IngestGoal, "3 batches, 0 duplicates"),
        ];
        (string, double)[] ratios = [("Hourly over 7 days, largest organization", 42.5)];

        var markdown = BenchReport.Markdown("platformdb bench", ["Server: test"], measurements, ratios);
        var csv = BenchReport.Csv(measurements, ratios);

        Assert.Contains("| Hourly over 7 days, largest organization, usage.GetUsageHourly | ms | 2 | 3 |  | p50 ≤ 5 ms, p95 ≤ 20 ms at 10M events | 168 rows, hot |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 61235 | ≥ 50k events/s with the view |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Hourly over 7 days, largest organization | 42.5× |", markdown, StringComparison.Ordinal);
        var lines = csv.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("measurement,unit,median,p95,value,goal,note", lines[0]);
        Assert.Equal("\"Hourly over 7 days, largest organization, usage.GetUsageHourly\",ms,2,3,,\"p50 ≤ 5 ms, p95 ≤ 20 ms at 10M events\",\"168 rows, hot\"", lines[1]);
        Assert.Equal("\"raw/rollup: Hourly over 7 days, largest organization\",ratio,,,42.5,,", lines[3]);
    }

    [Fact]
    public void The_raw_queries_return_the_trend_functions_columns_and_cannot_be_answered_from_the_view()
    {
        string[] columns = ["RequestCount", "PromptTokens", "CompletionTokens", "CachedTokens", "ErrorCount", "LatencyMsSum", "TimeToFirstTokenMsSum", "TimeToFirstTokenCount", "CostAmount"];

        foreach (var sql in new[] { BenchQueries.HourlyRaw, BenchQueries.DailyRaw, BenchQueries.HourlyRawAllOrganizations })
        {
            Assert.All(columns, c => Assert.Contains($"AS [{c}]", sql, StringComparison.Ordinal));
            Assert.Contains("FROM [usage].[UsageEvent]", sql, StringComparison.Ordinal);
            Assert.Contains("MAX([UsageEventId])", sql, StringComparison.Ordinal);
        }

        Assert.Contains("[usage].[GetUsageHourly](@OrganizationId, @From, @To, NULL, NULL)", BenchQueries.HourlyRollup, StringComparison.Ordinal);
        Assert.Contains("[usage].[GetUsageDaily](@OrganizationId, @FromDay, @ToDay, NULL, NULL)", BenchQueries.DailyRollup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_history_load_writes_every_usage_event_column_but_the_identity_and_IngestedAt()
    {
        var contract = File.ReadAllText(Path.Combine(RepoPaths.Docs, "analytics.md"));
        var table = contract[contract.IndexOf("**`usage.UsageEvent`**", StringComparison.Ordinal)..contract.IndexOf("Keys and indexes", StringComparison.Ordinal)];
        var contractColumns = System.Text.RegularExpressions.Regex.Matches(table, @"^\| `(\w+)` \|", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Except(["UsageEventId", "IngestedAt"]).ToList();
        var aggregator = new ReferenceAggregator([new ModelPrice(1, 1, "USD", 1m, 1m, DateTime.MinValue, null)]);

        Assert.Equal(contractColumns, BenchQueries.StoredColumns(aggregator).Select(c => c.Name));
        Assert.All(Enumerable.Range(0, 200).Select(i => BenchQueries.Shard($"r{i}")), s => Assert.InRange(s, (byte)0, (byte)7));
        Assert.Equal(8, Enumerable.Range(0, 200).Select(i => BenchQueries.Shard($"r{i}")).Distinct().Count());
    }
}
