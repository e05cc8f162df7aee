-- expect: CK_UsageDaily_ErrorsWithinRequests
-- rule: A day cannot have more errors than requests.
SET QUOTED_IDENTIFIER ON;
INSERT INTO [usage].[UsageDaily] ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [ComputedAt])
VALUES (1, 1, '2026-01-01', 1, 0, 0, 0, 2, 10, 0, 0, 0, SYSUTCDATETIME());
