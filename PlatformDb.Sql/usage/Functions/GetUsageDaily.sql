/*
Daily usage of one organization for dashboards: one row per UTC day and model with usage, days
@FromDay <= UsageDay < @ToDay. @ModelId and @ApiKeyId filter when not NULL.
Final days (usage.UsageDayStatus.IsFinal = 1: recomputed after the late-arrival window closed, or by the purge) come
from usage.UsageDaily, which outlives the raw rows; the other days (today and the last three) are summed from the
indexed view usage.UsageHourly WITH (NOEXPAND), so a dashboard never waits for the daily job. With an @ApiKeyId
filter it reads the raw usage.UsageEvent (the rollups do not carry the key), so per-key days exist only within the raw
retention period. Averages and rates are the caller's (see usage.GetUsageHourly).
Executable (SELECT) by platform_app, platform_readonly and platform_tenant_reader.
*/
CREATE FUNCTION [usage].[GetUsageDaily]
(
    @OrganizationId INT,
    @FromDay        DATE,
    @ToDay          DATE,
    @ModelId        INT,
    @ApiKeyId       INT
)
RETURNS TABLE
AS
RETURN
SELECT [d].[UsageDay],
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
FROM (SELECT [u].[UsageDay], [u].[ModelId],
                 [u].[RequestCount], [u].[PromptTokens], [u].[CompletionTokens], [u].[CachedTokens], [u].[ErrorCount],
                 [u].[LatencyMsSum], [u].[TimeToFirstTokenMsSum], [u].[TimeToFirstTokenCount], CONVERT (DECIMAL (38, 6), [u].[CostAmount])
      FROM [usage].[UsageDaily] AS [u]
      WHERE @ApiKeyId IS NULL
        AND [u].[OrganizationId] = @OrganizationId
        AND [u].[UsageDay] >= @FromDay
        AND [u].[UsageDay] < @ToDay
        AND (@ModelId IS NULL OR [u].[ModelId] = @ModelId)
        AND EXISTS (SELECT 1 FROM [usage].[UsageDayStatus] AS [s] WHERE [s].[UsageDay] = [u].[UsageDay] AND [s].[IsFinal] = 1)
      UNION ALL
      SELECT CONVERT (DATE, [h].[HourBucket]), [h].[ModelId],
                 [h].[RequestCount], [h].[PromptTokens], [h].[CompletionTokens], [h].[CachedTokens], [h].[ErrorCount],
                 [h].[LatencyMsSum], [h].[TimeToFirstTokenMsSum], [h].[TimeToFirstTokenCount], [h].[CostAmount]
      FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
      WHERE @ApiKeyId IS NULL
        AND [h].[OrganizationId] = @OrganizationId
        AND [h].[HourBucket] >= CONVERT (DATETIME2 (0), @FromDay)
        AND [h].[HourBucket] < CONVERT (DATETIME2 (0), @ToDay)
        AND (@ModelId IS NULL OR [h].[ModelId] = @ModelId)
        AND NOT EXISTS (SELECT 1 FROM [usage].[UsageDayStatus] AS [s] WHERE [s].[UsageDay] = CONVERT (DATE, [h].[HourBucket]) AND [s].[IsFinal] = 1)
      UNION ALL
      SELECT CONVERT (DATE, [e].[HourBucket]), [e].[ModelId],
                 CONVERT (BIGINT, 1), CONVERT (BIGINT, [e].[PromptTokens]), CONVERT (BIGINT, [e].[CompletionTokens]),
                 CONVERT (BIGINT, [e].[CachedTokens]), CONVERT (BIGINT, CASE WHEN [e].[StatusCode] >= 400 THEN 1 ELSE 0 END),
                 CONVERT (BIGINT, [e].[LatencyMs]), CONVERT (BIGINT, ISNULL([e].[TimeToFirstTokenMs], 0)),
                 CONVERT (BIGINT, CASE WHEN [e].[TimeToFirstTokenMs] IS NULL THEN 0 ELSE 1 END), CONVERT (DECIMAL (38, 6), [e].[CostAmount])
      FROM [usage].[UsageEvent] AS [e]
      WHERE @ApiKeyId IS NOT NULL
        AND [e].[OrganizationId] = @OrganizationId
        AND [e].[ApiKeyId] = @ApiKeyId
        AND [e].[HourBucket] >= CONVERT (DATETIME2 (0), @FromDay)
        AND [e].[HourBucket] < CONVERT (DATETIME2 (0), @ToDay)
        AND (@ModelId IS NULL OR [e].[ModelId] = @ModelId)) AS [d] ([UsageDay], [ModelId], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount])
-- Tenant isolation (v1.5.0): the indexed view cannot carry security.TenantIsolationPolicy, so the function applies the
-- same predicate to its organization: a session confined to another organization, or a tenant reader without one, gets no rows.
WHERE EXISTS (SELECT 1 FROM [security].[TenantAccessPredicate](@OrganizationId) AS [t])
GROUP BY [d].[UsageDay], [d].[ModelId];
