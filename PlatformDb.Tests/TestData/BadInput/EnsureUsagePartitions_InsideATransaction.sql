-- expect-error: 50308
-- rule: Partition maintenance never runs inside a caller's transaction (the case runner always opens one).
SET QUOTED_IDENTIFIER ON;
EXECUTE [usage].[EnsureUsagePartitions] @DaysAhead = 7;
