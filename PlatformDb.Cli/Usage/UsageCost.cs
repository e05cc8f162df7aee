namespace PlatformDb.Cli.Usage;

/// <summary>A row of <c>catalog.ModelPrice</c>: prices per million tokens, effective in [<see cref="EffectiveFrom"/>, <see cref="EffectiveTo"/>).</summary>
public sealed record ModelPrice(
    int ModelPriceId,
    int ModelId,
    string Currency,
    decimal InputPricePerMillionTokens,
    decimal OutputPricePerMillionTokens,
    DateTime EffectiveFrom,
    DateTime? EffectiveTo);

/// <summary>
/// How the schema prices an event at ingest (usage.RecordUsageEventsAt on usage-v130): the <c>USD</c> row of the model
/// with <c>EffectiveFrom &lt;= OccurredAt &lt; EffectiveTo</c> (the latest EffectiveFrom wins), then
/// <c>ROUND((PromptTokens × input + CompletionTokens × output) × 0.000001, 6)</c>, half away from zero, as DECIMAL(19,6).
/// Cached tokens are not priced separately.
/// </summary>
public static class UsageCost
{
    /// <summary>The price in effect, or null when none is (the schema refuses such an event with 50303).</summary>
    public static ModelPrice? PriceAt(IEnumerable<ModelPrice> prices, int modelId, DateTime occurredAt) =>
        prices
            .Where(p => p.ModelId == modelId
                && p.Currency == "USD"
                && p.EffectiveFrom <= occurredAt
                && (p.EffectiveTo is null || p.EffectiveTo > occurredAt))
            .MaxBy(p => p.EffectiveFrom);

    /// <summary>
    /// The cost of one event. decimal keeps the product exact (28 digits), as the schema's DECIMAL(26,6) does;
    /// scaling by 0.000001 is exact too, so the only rounding is the final one to six places.
    /// </summary>
    public static decimal Amount(int promptTokens, int completionTokens, ModelPrice price) =>
        Math.Round(
            ((promptTokens * price.InputPricePerMillionTokens) + (completionTokens * price.OutputPricePerMillionTokens)) * 0.000001m,
            6,
            MidpointRounding.AwayFromZero);
}
