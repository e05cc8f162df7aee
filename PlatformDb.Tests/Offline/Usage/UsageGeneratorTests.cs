using PlatformDb.Cli.Usage;

namespace PlatformDb.Tests.Offline.Usage;

public sealed class UsageGeneratorTests
{
    private static readonly DateTime From = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = From.AddDays(7);
    private static readonly UsageCatalog Catalog = UsageCatalog.Synthetic(organizations: 50, keysPerOrganization: 3, usersPerOrganization: 5, models: 8);

    private static List<UsageEvent> Generate(long count, ulong seed) =>
        new UsageGenerator(new UsageGeneratorOptions(count, seed, From, To), Catalog).Events().ToList();

    [Fact]
    public void The_same_seed_gives_the_same_events()
    {
        Assert.Equal(Generate(5_000, 42), Generate(5_000, 42));
    }

    [Fact]
    public void Another_seed_gives_other_events_and_other_request_ids()
    {
        var first = Generate(1_000, 1);
        var second = Generate(1_000, 2);

        Assert.NotEqual(first.Select(e => e.OccurredAt), second.Select(e => e.OccurredAt));
        Assert.Empty(first.Select(e => e.RequestId).Intersect(second.Select(e => e.RequestId)));
    }

    [Fact]
    public void The_first_events_do_not_depend_on_how_many_are_asked_for()
    {
        Assert.Equal(Generate(100, 7), Generate(10_000, 7).Take(100));
    }

    [Fact]
    public void The_sequence_is_pinned_so_runs_compare_across_machines_and_runtimes()
    {
        // SplitMix64's published first output for seed 0 (Vigna's splitmix64.c), then one generated event.
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());

        var first = Generate(1, 42)[0];
        Assert.Equal("bench-000000000000002a-000000000000", first.RequestId);
        Assert.Equal(first, Generate(1, 42)[0]);
    }

    [Fact]
    public void Request_ids_are_unique_and_fit_the_column()
    {
        var events = Generate(50_000, 3);

        Assert.Equal(events.Count, events.Select(e => e.RequestId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(events, e => Assert.InRange(e.RequestId.Length, 1, 64));
    }

    [Fact]
    public void Timestamps_are_inside_the_window_in_whole_milliseconds()
    {
        var events = Generate(20_000, 4);

        Assert.All(events, e =>
        {
            Assert.InRange(e.OccurredAt, From, To.AddTicks(-1));
            Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind);
            Assert.Equal(0, e.OccurredAt.Ticks % TimeSpan.TicksPerMillisecond);
        });
    }

    [Fact]
    public void A_few_organizations_and_models_carry_most_of_the_traffic()
    {
        var events = Generate(50_000, 5);

        var byOrganization = events.GroupBy(e => e.OrganizationId).Select(g => g.Count()).OrderDescending().ToList();
        var topShare = (double)byOrganization[0] / events.Count;
        var topFiveShare = (double)byOrganization.Take(5).Sum() / events.Count;
        Assert.InRange(topShare, 0.15, 0.40);
        Assert.True(topFiveShare > 0.45, $"top five organizations: {topFiveShare:P1}");
        Assert.True(byOrganization.Count >= 45, "the long tail of small organizations is present");

        var byModel = events.GroupBy(e => e.ModelId).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byModel[1] > 3 * byModel[8], $"model 1: {byModel[1]}, model 8: {byModel[8]}");
    }

    [Fact]
    public void Some_hours_are_much_busier_than_the_typical_hour()
    {
        var events = Generate(100_000, 6);

        var perHour = events.GroupBy(e => e.HourBucket).Select(g => g.Count()).Order().ToList();
        var median = perHour[perHour.Count / 2];
        Assert.True(perHour[^1] > 3 * median, $"busiest hour {perHour[^1]}, median hour {median}");
    }

    [Fact]
    public void Errors_latency_and_tokens_have_a_realistic_mix_and_satisfy_the_schema_checks()
    {
        var events = Generate(50_000, 8);

        var errorShare = (double)events.Count(e => e.IsError) / events.Count;
        Assert.InRange(errorShare, 0.03, 0.07);
        Assert.All(events.Where(e => e.IsError), e => Assert.Matches("^[a-z0-9_]+$", e.ErrorClass!));
        Assert.All(events.Where(e => !e.IsError), e => Assert.Null(e.ErrorClass));
        Assert.All(events, e =>
        {
            Assert.True(e.PromptTokens >= 0 && e.CompletionTokens >= 0 && e.CachedTokens >= 0 && e.LatencyMs >= 0);
            Assert.True(e.CachedTokens <= e.PromptTokens);
            Assert.True(e.TimeToFirstTokenMs is null || (e.TimeToFirstTokenMs >= 0 && e.TimeToFirstTokenMs <= e.LatencyMs));
            Assert.InRange(e.StatusCode, (short)100, (short)599);
            Assert.True(e.Tags is null || (e.Tags.StartsWith('{') && e.Tags.Length <= 400));
        });
        var latencies = events.Select(e => e.LatencyMs).Order().ToList();
        Assert.InRange(latencies[latencies.Count / 2], 600, 1_000);
        Assert.True(latencies[(int)(latencies.Count * 0.99)] > 3 * latencies[latencies.Count / 2], "latency has a long tail");
        Assert.Contains(events, e => e.TimeToFirstTokenMs is not null);
        Assert.Contains(events, e => e.UserId is null);
    }

    [Fact]
    public void Keys_and_users_belong_to_the_event_s_organization()
    {
        var events = Generate(5_000, 9);

        Assert.All(events, e =>
        {
            Assert.Equal(e.OrganizationId, e.ApiKeyId / 1000);
            Assert.True(e.UserId is null || e.UserId / 1000 == e.OrganizationId);
        });
    }
}
