/*
Hourly usage totals per organization, model, hour and shard, maintained by SQL Server with every insert into
usage.UsageEvent (an indexed view). Readers sum the eight shards; Standard edition uses the view only when a query
names it WITH (NOEXPAND), which usage.GetUsageHourly/GetUsageDaily and usage.RecomputeUsageDaily do.
Rules it follows (learn.microsoft.com, "Create indexed views"): SCHEMABINDING, two-part names, COUNT_BIG(*) with
GROUP BY, SUM only over non-nullable expressions, no MIN/MAX/AVG, no outer join, deterministic expressions only.
Every SUM argument is a NOT NULL column or ISNULL(..., 0) outermost: SQL Server treats most expressions (CONVERT,
CASE) as nullable even over NOT NULL columns (CREATE TABLE, computed columns: "use ISNULL"), and a SUM over a nullable
expression cannot be indexed. CONVERT to BIGINT keeps the sums of INT columns from overflowing. It selects and groups by HourBucket itself, not an expression over it, and
its clustered index sits on PS_UsageDay(HourBucket), so it is partition-aligned and switches with the table
(bb964715, errors 11400-11405). The Shard column spreads the current hour's row over eight rows (hot-row mitigation).
*/
CREATE VIEW [usage].[UsageHourly]
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
FROM [usage].[UsageEvent] AS [e]
GROUP BY [e].[OrganizationId], [e].[ModelId], [e].[HourBucket], [e].[Shard];
GO

-- Partition-aligned with the table: same scheme, on the raw partitioning column the view selects and groups by.
CREATE UNIQUE CLUSTERED INDEX [UQ_UsageHourly_Organization_HourBucket_Model_Shard]
    ON [usage].[UsageHourly] ([OrganizationId] ASC, [HourBucket] ASC, [ModelId] ASC, [Shard] ASC)
    ON [PS_UsageDay] ([HourBucket]);
GO
