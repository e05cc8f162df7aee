-- expect: CK_UsageEvent_RequestIdNotBlank
-- rule: A usage event carries a request id.
-- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
SET QUOTED_IDENTIFIER ON;
DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
VALUES (@Hour, @At, 1, 1, NULL, 1, '', 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
