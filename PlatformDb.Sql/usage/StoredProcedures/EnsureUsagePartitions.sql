/*
Ops: creates the daily partitions of usage.UsageEvent for today through today + @DaysAhead + 1 (UTC) that do not exist
yet; run daily (and by the post-deployment script). Idempotent. See usage.EnsureUsagePartitionsAt.
Errors: 50308 inside a transaction; 50309 parameter out of range.
*/
CREATE PROCEDURE [usage].[EnsureUsagePartitions]
    @DaysAhead INT = 7
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

SET XACT_ABORT OFF;
EXECUTE [usage].[EnsureUsagePartitionsAt] @Now = @Now, @DaysAhead = @DaysAhead;
