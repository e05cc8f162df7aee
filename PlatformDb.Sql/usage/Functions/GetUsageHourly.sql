/*
Hourly usage of one organization for dashboards: one row per hour bucket and model with usage, buckets
@From <= HourBucket < @To (UTC; pass whole hours). @ModelId and @ApiKeyId filter when not NULL.
Reads the indexed view usage.UsageHourly WITH (NOEXPAND) (Standard edition does not match indexed views on its own)
and sums its eight shards; with an @ApiKeyId filter it reads the raw usage.UsageEvent through
IX_UsageEvent_Organization_ApiKey_HourBucket instead, because the rollups do not carry the key. Hours exist only within
the raw retention period (older history: usage.GetUsageDaily). Averages and rates are the caller's: LatencyMsSum /
RequestCount, ErrorCount / RequestCount, TimeToFirstTokenMsSum / TimeToFirstTokenCount.
@From/@To select a range; they are not a clock. Executable (SELECT) by platform_app, platform_readonly and platform_tenant_reader; they read
no base table directly (ownership chaining, every schema owned by dbo).
*/
CREATE FUNCTION [usage].[GetUsageHourly]
(
    @OrganizationId INT,
    @From           DATETIME2 (0),
    @To             DATETIME2 (0),
    @ModelId        INT,
    @ApiKeyId       INT
)
RETURNS TABLE
AS
RETURN
SELECT [d].[BucketStart],
       [d].[ModelId],
       SUM([d].[RequestCount]) AS [RequestCount],
       SUM([d].[PromptTokens]) AS [PromptTokens],
       SUM([d].[CompletionTokens]) AS [CompletionTokens],
       SUM([d].[CachedTokens]) AS [CachedTokens],
       SUM([d].[ErrorCount]) AS [ErrorCount],
       SUM([d].[LatencyMsSum]) AS [LatencyMsSum],
       SUM([d].[TimeToFirstTokenMsSum]) AS [TimeToFirstTokenMsSum],
       SUM([d].[TimeToFirstTokenCount]) AS [TimeToFirstTokenCount],
       SUM([d].[CostAmount]) AS [CostAmount]
FROM (SELECT [h].[HourBucket] AS [BucketStart], [h].[ModelId],
                 [h].[RequestCount], [h].[PromptTokens], [h].[CompletionTokens], [h].[CachedTokens], [h].[ErrorCount],
                 [h].[LatencyMsSum], [h].[TimeToFirstTokenMsSum], [h].[TimeToFirstTokenCount], [h].[CostAmount]
      FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
      WHERE @ApiKeyId IS NULL
        AND [h].[OrganizationId] = @OrganizationId
        AND [h].[HourBucket] >= @From
        AND [h].[HourBucket] < @To
        AND (@ModelId IS NULL OR [h].[ModelId] = @ModelId)
      UNION ALL
      SELECT [e].[HourBucket], [e].[ModelId],
                 CONVERT (BIGINT, 1), CONVERT (BIGINT, [e].[PromptTokens]), CONVERT (BIGINT, [e].[CompletionTokens]),
                 CONVERT (BIGINT, [e].[CachedTokens]), CONVERT (BIGINT, CASE WHEN [e].[StatusCode] >= 400 THEN 1 ELSE 0 END),
                 CONVERT (BIGINT, [e].[LatencyMs]), CONVERT (BIGINT, ISNULL([e].[TimeToFirstTokenMs], 0)),
                 CONVERT (BIGINT, CASE WHEN [e].[TimeToFirstTokenMs] IS NULL THEN 0 ELSE 1 END), CONVERT (DECIMAL (38, 6), [e].[CostAmount])
      FROM [usage].[UsageEvent] AS [e]
      WHERE @ApiKeyId IS NOT NULL
        AND [e].[OrganizationId] = @OrganizationId
        AND [e].[ApiKeyId] = @ApiKeyId
        AND [e].[HourBucket] >= @From
        AND [e].[HourBucket] < @To
        AND (@ModelId IS NULL OR [e].[ModelId] = @ModelId)) AS [d] ([BucketStart], [ModelId], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount])
-- Tenant isolation (v1.5.0): the indexed view cannot carry security.TenantIsolationPolicy, so the function applies the
-- same predicate to its organization: a session confined to another organization, or a tenant reader without one, gets no rows.
WHERE EXISTS (SELECT 1 FROM [security].[TenantAccessPredicate](@OrganizationId) AS [t])
GROUP BY [d].[BucketStart], [d].[ModelId];
