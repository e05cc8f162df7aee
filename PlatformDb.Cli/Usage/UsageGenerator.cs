using System.Globalization;

namespace PlatformDb.Cli.Usage;

/// <summary>What to generate: how many events, from which seed, in which UTC window [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record UsageGeneratorOptions(long Count, ulong Seed, DateTime From, DateTime To)
{
    /// <summary>Zipf exponent over organizations: with 50 organizations the biggest bills about a quarter of all requests.</summary>
    public double OrganizationSkew { get; init; } = 1.1;

    /// <summary>Zipf exponent over models.</summary>
    public double ModelSkew { get; init; } = 1.0;

    /// <summary>Share of hours that are bursts, and how much busier a burst hour is than a normal one.</summary>
    public double BurstHourShare { get; init; } = 0.05;

    public double BurstFactor { get; init; } = 8.0;
}

/// <summary>
/// Deterministic synthetic usage: the same options and catalog give the same events on every machine and runtime
/// (<see cref="SplitMix64"/>, no <see cref="Random"/>). Events are streamed, never held: 10M+ cost no memory.
/// Shape: organizations and models Zipf-distributed, a diurnal cycle with random burst hours, ~4.5% errors
/// (429/400/500/504 with an error class), log-normal latency and token counts, time to first token on streamed calls.
/// Request ids are unique by construction: the seed and the event's index.
/// </summary>
public sealed class UsageGenerator
{
    private static readonly (short Status, string? ErrorClass, double Weight)[] Outcomes =
    [
        (200, null, 95.5),
        (429, "rate_limit", 2.0),
        (400, "invalid_request", 1.0),
        (500, "upstream_error", 1.0),
        (504, "timeout", 0.5),
    ];

    private static readonly string[] Features = ["chat", "search", "summarize", "agent"];

    private readonly UsageGeneratorOptions options;
    private readonly UsageCatalog catalog;
    private readonly WeightedSampler organizations;
    private readonly WeightedSampler models;
    private readonly WeightedSampler hours;
    private readonly WeightedSampler outcomes = new(Outcomes.Select(o => o.Weight).ToArray());
    private readonly DateTime firstHour;

    public UsageGenerator(UsageGeneratorOptions options, UsageCatalog catalog)
    {
        if (options.Count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The event count cannot be negative.");
        }

        if (options.From.Kind != DateTimeKind.Utc || options.To.Kind != DateTimeKind.Utc || options.To <= options.From)
        {
            throw new ArgumentException("The window must be UTC with From before To.", nameof(options));
        }

        if (catalog.Organizations.Count == 0 || catalog.ModelIds.Count == 0 || catalog.Organizations.Any(o => o.ApiKeyIds.Count == 0))
        {
            throw new ArgumentException("The catalog needs organizations with at least one key each, and models.", nameof(catalog));
        }

        this.options = options;
        this.catalog = catalog;
        organizations = WeightedSampler.Zipf(catalog.Organizations.Count, options.OrganizationSkew);
        models = WeightedSampler.Zipf(catalog.ModelIds.Count, options.ModelSkew);
        firstHour = UsageTime.HourOf(options.From);
        hours = new WeightedSampler(HourWeights());
    }

    /// <summary>The request id of the event at <paramref name="index"/>: unique within a seed, and across seeds.</summary>
    public static string RequestId(ulong seed, long index) =>
        string.Create(CultureInfo.InvariantCulture, $"bench-{seed:x16}-{index:x12}");

    public IEnumerable<UsageEvent> Events()
    {
        // A second stream for the hour weights keeps the event stream independent of the window's length.
        var random = new SplitMix64(options.Seed);
        for (long index = 0; index < options.Count; index++)
        {
            yield return Next(ref random, index);
        }
    }

    private UsageEvent Next(ref SplitMix64 random, long index)
    {
        var organization = catalog.Organizations[organizations.Next(ref random)];
        var modelId = catalog.ModelIds[models.Next(ref random)];
        var apiKeyId = organization.ApiKeyIds[random.NextInt(organization.ApiKeyIds.Count)];
        int? userId = organization.UserIds.Count > 0 && random.NextDouble() < 0.7
            ? organization.UserIds[random.NextInt(organization.UserIds.Count)]
            : null;
        var occurredAt = OccurredAt(ref random);
        var (status, errorClass, _) = Outcomes[outcomes.Next(ref random)];

        var latency = (int)Math.Min(120_000, Math.Exp(Math.Log(800) + (0.8 * random.NextGaussian())));
        var streamed = random.NextDouble() < 0.7;
        int? timeToFirstToken = streamed && status < 400 ? (int)(latency * (0.05 + (0.45 * random.NextDouble()))) : null;
        var prompt = status == 429 ? 0 : (int)Math.Min(200_000, Math.Exp(Math.Log(600) + (1.0 * random.NextGaussian())));
        var completion = status >= 400 ? 0 : (int)Math.Min(16_000, Math.Exp(Math.Log(250) + (0.9 * random.NextGaussian())));
        var cached = random.NextDouble() < 0.3 ? (int)(prompt * 0.5 * random.NextDouble()) : 0;
        var tags = random.NextDouble() < 0.1
            ? $$"""{"feature":"{{Features[random.NextInt(Features.Length)]}}"}"""
            : null;

        return new UsageEvent(organization.OrganizationId, RequestId(options.Seed, index), apiKeyId, userId, modelId, occurredAt,
            prompt, completion, cached, latency, timeToFirstToken, status, errorClass, tags);
    }

    private DateTime OccurredAt(ref SplitMix64 random)
    {
        // An hour by weight, then a millisecond inside it; the first and last hour are clipped to the window.
        while (true)
        {
            var hourStart = firstHour.AddHours(hours.Next(ref random));
            var at = hourStart.AddMilliseconds(random.NextInt(3_600_000));
            if (at >= options.From && at < options.To)
            {
                return UsageTime.ToMilliseconds(at);
            }
        }
    }

    /// <summary>A diurnal cycle (busiest at 15:00 UTC, a third of that at night) with seeded burst hours.</summary>
    private double[] HourWeights()
    {
        var count = (int)Math.Ceiling((options.To - firstHour).TotalHours);
        var random = new SplitMix64(options.Seed ^ 0x5DEECE66DUL);
        var weights = new double[count];
        for (var i = 0; i < count; i++)
        {
            var hourOfDay = firstHour.AddHours(i).Hour;
            var diurnal = 2.0 + Math.Cos((hourOfDay - 15) * Math.PI / 12.0);
            weights[i] = random.NextDouble() < options.BurstHourShare ? diurnal * options.BurstFactor : diurnal;
        }

        return weights;
    }
}
