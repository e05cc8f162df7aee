/*
Ops: removes the raw usage rows of every UTC day that ended @RetentionDays or more days ago (SWITCH out, then MERGE),
after making their daily totals final in usage.UsageDaily. Run daily. Idempotent. See usage.PurgeUsagePartitionsAt.
Errors: 50308 inside a transaction; 50309 parameter out of range.
*/
CREATE PROCEDURE [usage].[PurgeUsagePartitions]
    @RetentionDays INT = 90
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

SET XACT_ABORT OFF;
EXECUTE [usage].[PurgeUsagePartitionsAt] @Now = @Now, @RetentionDays = @RetentionDays;
