namespace PlatformDb.Cli.Usage;

/// <summary>
/// One API request as the gateway reports it: the columns of <c>usage.UsageEventList</c> and
/// <c>usage.UsageEventStaging</c> (docs/analytics.md §1.2, §1.4). <see cref="OccurredAt"/> is UTC with millisecond precision.
/// </summary>
public sealed record UsageEvent(
    int OrganizationId,
    string RequestId,
    int ApiKeyId,
    int? UserId,
    int ModelId,
    DateTime OccurredAt,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    int LatencyMs,
    int? TimeToFirstTokenMs,
    short StatusCode,
    string? ErrorClass,
    string? Tags)
{
    /// <summary>Counts as an error in every rollup (the schema's <c>StatusCode &gt;= 400</c>).</summary>
    public bool IsError => StatusCode >= 400;

    /// <summary><see cref="OccurredAt"/> truncated to the hour: the schema's <c>HourBucket</c>.</summary>
    public DateTime HourBucket => UsageTime.HourOf(OccurredAt);
}

/// <summary>The schema's time rules, in one place for the generator, the aggregator and the loader.</summary>
public static class UsageTime
{
    /// <summary>Truncates to the hour, as <c>DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, OccurredAt), @Epoch)</c> does.</summary>
    public static DateTime HourOf(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    /// <summary>The UTC day of a time, as <c>CONVERT(DATE, HourBucket)</c>.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc);

    /// <summary>Drops sub-millisecond ticks, as <c>DATETIME2(3)</c> stores a value (the generator only makes whole milliseconds).</summary>
    public static DateTime ToMilliseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
