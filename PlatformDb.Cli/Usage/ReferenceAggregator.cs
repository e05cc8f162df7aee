namespace PlatformDb.Cli.Usage;

/// <summary>
/// One row of <c>usage.GetUsageHourly</c> (<see cref="BucketStart"/> = HourBucket) or <c>usage.GetUsageDaily</c>
/// (<see cref="BucketStart"/> = UsageDay at midnight), docs/analytics.md §1.5.
/// </summary>
public sealed record UsageTrendRow(
    DateTime BucketStart,
    int ModelId,
    long RequestCount,
    long PromptTokens,
    long CompletionTokens,
    long CachedTokens,
    long ErrorCount,
    long LatencyMsSum,
    long TimeToFirstTokenMsSum,
    long TimeToFirstTokenCount,
    decimal CostAmount);

/// <summary>
/// What the trend functions must return, computed in C# from the stored events: per bucket and model with usage, for
/// one organization, buckets in [from, to), optionally one model and/or one key; ordered by bucket, then model.
/// The events are the stored ones (valid, each request id once); each is priced by <see cref="UsageCost"/>.
/// </summary>
public sealed class ReferenceAggregator(IReadOnlyList<ModelPrice> prices)
{
    public IReadOnlyList<UsageTrendRow> Hourly(IEnumerable<UsageEvent> events, int organizationId, DateTime from, DateTime to, int? modelId = null, int? apiKeyId = null) =>
        Aggregate(events, organizationId, modelId, apiKeyId, e => e.HourBucket, bucket => bucket >= from && bucket < to);

    public IReadOnlyList<UsageTrendRow> Daily(IEnumerable<UsageEvent> events, int organizationId, DateOnly fromDay, DateOnly toDay, int? modelId = null, int? apiKeyId = null)
    {
        var from = fromDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = toDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return Aggregate(events, organizationId, modelId, apiKeyId, e => e.HourBucket.Date, day => day >= from && day < to);
    }

    /// <summary>The cost the schema stores for one event; throws when no price is in effect (the schema's 50303).</summary>
    public decimal CostOf(UsageEvent e)
    {
        var price = PriceOf(e);
        return UsageCost.Amount(e.PromptTokens, e.CompletionTokens, price);
    }

    /// <summary>The price row the schema records for one event; throws when none is in effect (the schema's 50303).</summary>
    public ModelPrice PriceOf(UsageEvent e) =>
        UsageCost.PriceAt(prices, e.ModelId, e.OccurredAt)
            ?? throw new InvalidOperationException($"No USD price of model {e.ModelId} is in effect at {e.OccurredAt:O} (the schema refuses it with 50303).");

    private List<UsageTrendRow> Aggregate(
        IEnumerable<UsageEvent> events, int organizationId, int? modelId, int? apiKeyId, Func<UsageEvent, DateTime> bucketOf, Func<DateTime, bool> inRange) =>
        events
            .Where(e => e.OrganizationId == organizationId
                && (modelId is null || e.ModelId == modelId)
                && (apiKeyId is null || e.ApiKeyId == apiKeyId)
                && inRange(bucketOf(e)))
            .GroupBy(e => (Bucket: bucketOf(e), e.ModelId))
            .Select(g => new UsageTrendRow(
                g.Key.Bucket,
                g.Key.ModelId,
                g.LongCount(),
                g.Sum(e => (long)e.PromptTokens),
                g.Sum(e => (long)e.CompletionTokens),
                g.Sum(e => (long)e.CachedTokens),
                g.LongCount(e => e.IsError),
                g.Sum(e => (long)e.LatencyMs),
                g.Sum(e => (long)(e.TimeToFirstTokenMs ?? 0)),
                g.LongCount(e => e.TimeToFirstTokenMs is not null),
                g.Sum(CostOf)))
            .OrderBy(r => r.BucketStart)
            .ThenBy(r => r.ModelId)
            .ToList();
}
