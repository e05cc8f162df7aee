-- expect: UQ_UsageEventPurge_Organization_RequestId_HourBucket
-- covers: UQ_UsagePurgeHourly_Organization_HourBucket_Model_Shard
-- rule: The purge table has the usage table's unique key (SWITCH needs identical indexes).
-- note: UQ_UsagePurgeHourly_... is the view's unique clustered index; GROUP BY makes its key unique, so no input can break it.
SET QUOTED_IDENTIFIER ON;
DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
INSERT INTO [usage].[UsageEventPurge] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
VALUES (@Hour, @At, 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
INSERT INTO [usage].[UsageEventPurge] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
VALUES (@Hour, @At, 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
