-- expect-error: 50310
-- rule: A day whose raw rows are purged keeps its daily rows; recomputing it is refused.
SET QUOTED_IDENTIFIER ON;
EXECUTE [usage].[RecomputeUsageDaily] @Day = '2019-12-31';
