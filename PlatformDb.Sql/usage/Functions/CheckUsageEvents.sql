/*
Internal: the usage ingest's check and price of a batch of events, one row per input row, shared by
usage.RecordUsageEventsAt (every ingest path) and billing.RecordRequest (v1.4.0), so the rules and the pricing exist
once. Granted to no role. @Now is the server's clock as the caller read it.
Per row, in this order: 50304 invalid values; 50305 OccurredAt more than 5 minutes after @Now; 50306 more than 2 days
before @Now or before the oldest raw partition; 50301 key unknown, of another organization, or deleted, revoked or
expired before OccurredAt (also a key of an organization deleted before OccurredAt); 50302 model unknown or deleted
before OccurredAt; 50303 no USD price effective at OccurredAt. ErrorNumber NULL = valid; then HourBucket, Shard,
ModelPriceId and CostAmount are what the event is stored with.
Columns: RowNumber, ErrorNumber, HourBucket, Shard, ModelPriceId, CostAmount.
*/
CREATE FUNCTION [usage].[CheckUsageEvents]
(
    @OrganizationId INT,
    @Events         [usage].[UsageEventList] READONLY,
    @Now            DATETIME2 (3)
)
RETURNS TABLE
AS
RETURN
-- Hours are counted from a fixed epoch (2000-01-01): DATEADD/DATEDIFF are deterministic and need no string literal.
SELECT [e].[RowNumber] AS [RowNumber],
       CASE
           WHEN [e].[PromptTokens] < 0 OR [e].[CompletionTokens] < 0 OR [e].[CachedTokens] < 0 OR [e].[LatencyMs] < 0
             OR ([e].[TimeToFirstTokenMs] IS NOT NULL AND ([e].[TimeToFirstTokenMs] < 0 OR [e].[TimeToFirstTokenMs] > [e].[LatencyMs]))
             OR [e].[StatusCode] NOT BETWEEN 100 AND 599
             OR LEN([e].[RequestId]) = 0
             OR ([e].[ErrorClass] IS NOT NULL AND (LEN([e].[ErrorClass]) = 0 OR [e].[ErrorClass] COLLATE Latin1_General_100_BIN2 LIKE '%[^a-z0-9_]%'))
             OR ([e].[Tags] IS NOT NULL AND ISJSON([e].[Tags], OBJECT) = 0)
               THEN 50304
           WHEN [e].[OccurredAt] > DATEADD(MINUTE, 5, @Now) THEN 50305
           -- Also refused: a row for the leftmost partition (before the first boundary), which must stay empty for SPLIT/MERGE.
           WHEN [e].[OccurredAt] < DATEADD(DAY, -2, @Now)
             OR $PARTITION.[PF_UsageDay](DATEADD(HOUR, DATEDIFF(HOUR, DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0), [e].[OccurredAt]), DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0))) = 1
               THEN 50306
           WHEN NOT EXISTS (SELECT 1
                            FROM [identity].[ApiKey] AS [k]
                            INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [k].[OrganizationId]
                            WHERE [k].[ApiKeyId] = [e].[ApiKeyId]
                              AND [k].[OrganizationId] = @OrganizationId
                              AND ([k].[RevokedAt] IS NULL OR [k].[RevokedAt] > [e].[OccurredAt])
                              AND ([k].[ExpiresAt] IS NULL OR [k].[ExpiresAt] > [e].[OccurredAt])
                              AND ([k].[DeletedAt] IS NULL OR [k].[DeletedAt] > [e].[OccurredAt])
                              AND ([o].[DeletedAt] IS NULL OR [o].[DeletedAt] > [e].[OccurredAt]))
               THEN 50301
           WHEN NOT EXISTS (SELECT 1
                            FROM [catalog].[Model] AS [m]
                            WHERE [m].[ModelId] = [e].[ModelId]
                              AND ([m].[DeletedAt] IS NULL OR [m].[DeletedAt] > [e].[OccurredAt]))
               THEN 50302
           WHEN [p].[ModelPriceId] IS NULL THEN 50303
       END AS [ErrorNumber],
       DATEADD(HOUR, DATEDIFF(HOUR, DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0), [e].[OccurredAt]), DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0)) AS [HourBucket],
       CONVERT (TINYINT, CHECKSUM([e].[RequestId]) & 7) AS [Shard],
       [p].[ModelPriceId] AS [ModelPriceId],
       -- Half away from zero at six decimals; DECIMAL(26,6) keeps the product exact (docs/analytics.md, "Cost").
       CONVERT (DECIMAL (19, 6), ROUND(CONVERT (DECIMAL (26, 6),
             CONVERT (DECIMAL (10, 0), [e].[PromptTokens]) * [p].[InputPricePerMillionTokens]
           + CONVERT (DECIMAL (10, 0), [e].[CompletionTokens]) * [p].[OutputPricePerMillionTokens]) * 0.000001, 6)) AS [CostAmount]
FROM @Events AS [e]
OUTER APPLY (SELECT TOP (1) [mp].[ModelPriceId], [mp].[InputPricePerMillionTokens], [mp].[OutputPricePerMillionTokens]
             FROM [catalog].[ModelPrice] AS [mp]
             WHERE [mp].[ModelId] = [e].[ModelId]
               AND [mp].[Currency] = 'USD'
               AND [mp].[EffectiveFrom] <= [e].[OccurredAt]
               AND ([mp].[EffectiveTo] IS NULL OR [mp].[EffectiveTo] > [e].[OccurredAt])
             ORDER BY [mp].[EffectiveFrom] DESC) AS [p];
