using PlatformDb.Cli.Usage;

namespace PlatformDb.Tests.Offline.Usage;

public sealed class ReferenceAggregatorTests
{
    private static readonly DateTime Day = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    // Model 1 changes price at 12:00; model 2 has one price; model 3 has a EUR price only.
    private static readonly ModelPrice[] Prices =
    [
        new(1, 1, "USD", 2.50m, 10.00m, Day.AddDays(-30), Day.AddHours(12)),
        new(2, 1, "USD", 1.25m, 5.00m, Day.AddHours(12), null),
        new(3, 2, "USD", 0.15m, 0.60m, Day.AddDays(-30), null),
        new(4, 3, "EUR", 1.00m, 1.00m, Day.AddDays(-30), null),
    ];

    private static readonly ReferenceAggregator Aggregator = new(Prices);

    private static UsageEvent Event(string id, DateTime at, int organization = 1, int model = 1, int key = 11, int prompt = 1000,
        int completion = 500, int cached = 0, int latency = 900, int? ttft = null, short status = 200) =>
        new(organization, id, key, null, model, at, prompt, completion, cached, latency, ttft, status, status >= 400 ? "timeout" : null, null);

    [Fact]
    public void Cost_is_input_and_output_price_per_million_tokens_rounded_half_away_from_zero_to_six_places()
    {
        Assert.Equal(0.007500m, UsageCost.Amount(1000, 500, Prices[0]));
        Assert.Equal(0.000001m, UsageCost.Amount(1, 0, Prices[0] with { InputPricePerMillionTokens = 0.5m }));
        Assert.Equal(0.000000m, UsageCost.Amount(1, 0, Prices[0] with { InputPricePerMillionTokens = 0.499999m }));
        Assert.Equal(0.000002m, UsageCost.Amount(3, 0, Prices[0] with { InputPricePerMillionTokens = 0.5m }));
        Assert.Equal(0.000000m, UsageCost.Amount(0, 0, Prices[0]));
        Assert.Equal(21_474.836470m, UsageCost.Amount(int.MaxValue, 0, Prices[0] with { InputPricePerMillionTokens = 10m }));
    }

    [Fact]
    public void The_price_in_effect_at_OccurredAt_is_used_and_its_end_is_exclusive()
    {
        Assert.Equal(1, UsageCost.PriceAt(Prices, 1, Day.AddHours(12).AddMilliseconds(-1))!.ModelPriceId);
        Assert.Equal(2, UsageCost.PriceAt(Prices, 1, Day.AddHours(12))!.ModelPriceId);
        Assert.Null(UsageCost.PriceAt(Prices, 1, Day.AddDays(-31)));
        Assert.Null(UsageCost.PriceAt(Prices, 3, Day));
        Assert.Throws<InvalidOperationException>(() => Aggregator.CostOf(Event("eur", Day, model: 3)));
    }

    [Fact]
    public void Hourly_sums_every_column_per_hour_and_model()
    {
        UsageEvent[] events =
        [
            Event("a", Day.AddHours(10).AddMinutes(5), prompt: 1000, completion: 500, cached: 100, latency: 900, ttft: 200),
            Event("b", Day.AddHours(10).AddMinutes(59).AddSeconds(59).AddMilliseconds(999), prompt: 10, completion: 0, latency: 50, status: 504),
            Event("c", Day.AddHours(10).AddMinutes(30), model: 2, prompt: 2_000_000, completion: 1_000_000, latency: 70, ttft: 0, status: 429),
            Event("d", Day.AddHours(12), prompt: 1000, completion: 500, latency: 100, ttft: 100, status: 399),
        ];

        var rows = Aggregator.Hourly(events, 1, Day, Day.AddDays(1));

        Assert.Equal(
            [
                new UsageTrendRow(Day.AddHours(10), 1, 2, 1010, 500, 100, 1, 950, 200, 1, 0.007500m + 0.000025m),
                new UsageTrendRow(Day.AddHours(10), 2, 1, 2_000_000, 1_000_000, 0, 1, 70, 0, 1, 0.300000m + 0.600000m),
                new UsageTrendRow(Day.AddHours(12), 1, 1, 1000, 500, 0, 0, 100, 100, 1, 0.003750m),
            ],
            rows);
    }

    [Fact]
    public void Hourly_takes_from_inclusive_and_to_exclusive()
    {
        UsageEvent[] events =
        [
            Event("before", Day.AddHours(9).AddMinutes(59)),
            Event("first", Day.AddHours(10)),
            Event("last", Day.AddHours(11).AddMinutes(59).AddSeconds(59).AddMilliseconds(999)),
            Event("at-to", Day.AddHours(12)),
        ];

        var rows = Aggregator.Hourly(events, 1, Day.AddHours(10), Day.AddHours(12));

        Assert.Equal([Day.AddHours(10), Day.AddHours(11)], rows.Select(r => r.BucketStart));
        Assert.All(rows, r => Assert.Equal(1, r.RequestCount));
    }

    [Fact]
    public void Daily_groups_by_utc_day_and_takes_from_inclusive_and_to_exclusive()
    {
        UsageEvent[] events =
        [
            Event("d0", Day.AddDays(-1).AddHours(23).AddMinutes(59)),
            Event("d1a", Day),
            Event("d1b", Day.AddHours(23).AddMinutes(59).AddSeconds(59).AddMilliseconds(999), prompt: 1, completion: 1),
            Event("d2", Day.AddDays(1)),
            Event("d3", Day.AddDays(2)),
        ];

        var rows = Aggregator.Daily(events, 1, DateOnly.FromDateTime(Day), DateOnly.FromDateTime(Day.AddDays(2)));

        Assert.Equal([Day, Day.AddDays(1)], rows.Select(r => r.BucketStart));
        Assert.Equal(2, rows[0].RequestCount);
        Assert.Equal(1001, rows[0].PromptTokens);
        // One event at the first price, one at the second (12:00 onwards): 1×1.25/1e6 + 1×5/1e6 = 0.00000625 → 0.000006.
        Assert.Equal(0.007500m + 0.000006m, rows[0].CostAmount);
    }

    [Fact]
    public void Model_and_key_filters_narrow_the_rows_and_null_means_all()
    {
        UsageEvent[] events =
        [
            Event("k11m1", Day, key: 11, model: 1),
            Event("k12m1", Day, key: 12, model: 1),
            Event("k11m2", Day, key: 11, model: 2),
        ];

        Assert.Equal(2, Aggregator.Hourly(events, 1, Day, Day.AddHours(1)).Count);
        Assert.Equal(2, Aggregator.Hourly(events, 1, Day, Day.AddHours(1), modelId: 1).Single().RequestCount);
        Assert.Equal([1, 2], Aggregator.Hourly(events, 1, Day, Day.AddHours(1), apiKeyId: 11).Select(r => r.ModelId));
        Assert.Equal(1, Aggregator.Hourly(events, 1, Day, Day.AddHours(1), modelId: 2, apiKeyId: 11).Single().RequestCount);
        Assert.Empty(Aggregator.Hourly(events, 1, Day, Day.AddHours(1), modelId: 2, apiKeyId: 12));
        Assert.Equal(2, Aggregator.Daily(events, 1, DateOnly.FromDateTime(Day), DateOnly.FromDateTime(Day).AddDays(1), apiKeyId: 11).Count);
    }

    [Fact]
    public void Another_organization_never_appears()
    {
        UsageEvent[] events =
        [
            Event("mine", Day, organization: 1),
            Event("theirs", Day, organization: 2, key: 21),
        ];

        Assert.Equal(1, Aggregator.Hourly(events, 1, Day, Day.AddDays(1)).Single().RequestCount);
        Assert.Equal(1, Aggregator.Daily(events, 2, DateOnly.FromDateTime(Day), DateOnly.FromDateTime(Day).AddDays(1)).Single().RequestCount);
        Assert.Empty(Aggregator.Hourly(events, 3, Day, Day.AddDays(1)));
    }

    [Fact]
    public void Empty_buckets_have_no_rows()
    {
        var rows = Aggregator.Hourly([Event("a", Day), Event("b", Day.AddHours(5))], 1, Day, Day.AddDays(1));

        Assert.Equal([Day, Day.AddHours(5)], rows.Select(r => r.BucketStart));
    }
}
