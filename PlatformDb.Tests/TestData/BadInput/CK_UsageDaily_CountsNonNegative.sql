-- expect: CK_UsageDaily_CountsNonNegative
-- rule: Daily totals are never negative.
SET QUOTED_IDENTIFIER ON;
INSERT INTO [usage].[UsageDaily] ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [ComputedAt])
VALUES (1, 1, '2026-01-01', 1, -5, 0, 0, 0, 10, 0, 0, 0, SYSUTCDATETIME());
