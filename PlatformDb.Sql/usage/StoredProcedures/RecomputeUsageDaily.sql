/*
Ops: recomputes the usage.UsageDaily rows of one UTC day from the hourly rollup, with the server's clock deciding
whether the day is final. Run hourly for today and the three days before (the late-arrival window); idempotent.
Errors: 50309 @Day missing; 50310 the day's raw rows are purged.
*/
CREATE PROCEDURE [usage].[RecomputeUsageDaily]
    @Day DATE
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

SET XACT_ABORT OFF;
EXECUTE [usage].[RecomputeUsageDailyAt] @Day = @Day, @Now = @Now;
