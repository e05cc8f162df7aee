/*
The same rollup over usage.UsageEventPurge. It exists only so that a partition of usage.UsageEvent, with its
usage.UsageHourly rows, can be switched into usage.UsageEventPurge: every indexed view on one side of a SWITCH needs
a matching partition-aligned view on the other (errors 11402/11404). Must stay identical to usage.UsageHourly
(tested offline).
*/
CREATE VIEW [usage].[UsagePurgeHourly]
WITH SCHEMABINDING
AS
SELECT [e].[OrganizationId],
       [e].[ModelId],
       [e].[HourBucket],
       [e].[Shard],
       COUNT_BIG(*) AS [RequestCount],
       SUM(ISNULL(CONVERT (BIGINT, [e].[PromptTokens]), 0)) AS [PromptTokens],
       SUM(ISNULL(CONVERT (BIGINT, [e].[CompletionTokens]), 0)) AS [CompletionTokens],
       SUM(ISNULL(CONVERT (BIGINT, [e].[CachedTokens]), 0)) AS [CachedTokens],
       SUM(ISNULL(CONVERT (BIGINT, CASE WHEN [e].[StatusCode] >= 400 THEN 1 ELSE 0 END), 0)) AS [ErrorCount],
       SUM(ISNULL(CONVERT (BIGINT, [e].[LatencyMs]), 0)) AS [LatencyMsSum],
       SUM(ISNULL(CONVERT (BIGINT, [e].[TimeToFirstTokenMs]), 0)) AS [TimeToFirstTokenMsSum],
       SUM(ISNULL(CONVERT (BIGINT, CASE WHEN [e].[TimeToFirstTokenMs] IS NULL THEN 0 ELSE 1 END), 0)) AS [TimeToFirstTokenCount],
       SUM([e].[CostAmount]) AS [CostAmount]
FROM [usage].[UsageEventPurge] AS [e]
GROUP BY [e].[OrganizationId], [e].[ModelId], [e].[HourBucket], [e].[Shard];
GO

-- Partition-aligned with the table: same scheme, on the raw partitioning column the view selects and groups by.
CREATE UNIQUE CLUSTERED INDEX [UQ_UsagePurgeHourly_Organization_HourBucket_Model_Shard]
    ON [usage].[UsagePurgeHourly] ([OrganizationId] ASC, [HourBucket] ASC, [ModelId] ASC, [Shard] ASC)
    ON [PS_UsageDay] ([HourBucket]);
GO
