/*
Internal (ops): removes the raw usage rows of every day older than @RetentionDays, a whole partition at a time,
oldest first, while ingest keeps running:
  1. finalizes the partition's days in usage.UsageDaily (usage.RecomputeUsageDailyAt), so history outlives the rows;
  2. ALTER TABLE usage.UsageEvent SWITCH PARTITION 2 TO usage.UsageEventPurge PARTITION 2 (metadata only; the rows of
     usage.UsageHourly for those days move with it into usage.UsagePurgeHourly, because both views are
     partition-aligned); WAIT_AT_LOW_PRIORITY with ABORT_AFTER_WAIT = SELF so a long reader never makes ingest queue
     behind the switch's schema-modification lock;
  3. empties usage.UsageEventPurge with DELETE in batches. TRUNCATE is refused on a table that participates in an
     indexed view (TRUNCATE TABLE docs), and usage.UsagePurgeHourly must exist at the next switch; dropping and
     re-creating the view around a TRUNCATE would be runtime DDL on a schema-bound object that every publish then
     reports as drift. The DELETE costs log proportional to one day's rows, but it runs on the purge table only:
     ingest and readers of usage.UsageEvent are no longer involved;
  4. ALTER PARTITION FUNCTION ... MERGE RANGE of the emptied partition's lower boundary (both partitions it joins are
     empty, so no rows move). The leftmost partition stays empty.
Partition 2 is always the oldest day (RANGE RIGHT: partition 1 holds values below the first boundary and is kept
empty by ingest). Idempotent: a rerun after a failure empties the purge table first and carries on; when no partition
has expired it does nothing. Run one maintenance job at a time: a concurrent run can fail on a boundary the
other already merged (nothing is lost; run it again). Granted to no role; refuses to run inside a transaction; LOCK_TIMEOUT 10 s.
Errors: 50308 inside a transaction; 50309 parameter out of range.
*/
CREATE PROCEDURE [usage].[PurgeUsagePartitionsAt]
    @Now           DATETIME2 (3),
    @RetentionDays INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;
-- The indexed-view SET options, whatever the job's client set (classic sqlcmd, Agent): writes to tables under
-- usage.UsageHourly and usage.UsagePurgeHourly need them. QUOTED_IDENTIFIER and ANSI_NULLS come from the procedure's
-- creation (ON); these are restored when the procedure returns.
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET ANSI_PADDING ON;
SET NUMERIC_ROUNDABORT OFF;

IF @Now IS NULL OR @RetentionDays IS NULL OR @RetentionDays NOT BETWEEN 7 AND 3650
BEGIN
    SET XACT_ABORT OFF;
    THROW 50309, N'Usage partition maintenance: @Now is required and @RetentionDays must be between 7 and 3650.', 1;
END;

IF @@TRANCOUNT > 0
BEGIN
    SET XACT_ABORT OFF;
    THROW 50308, N'Usage partition maintenance must not run inside a transaction.', 1;
END;

SET LOCK_TIMEOUT 10000;

-- Rows of a day are expired when the whole day ends on or before the cutoff.
DECLARE @Cutoff DATETIME2 (0) = DATEADD(DAY, -@RetentionDays, CONVERT (DATETIME2 (0), CONVERT (DATE, @Now)));
DECLARE @Low DATETIME2 (0);
DECLARE @High DATETIME2 (0);
DECLARE @Day DATE;
DECLARE @Deleted INT;

DECLARE @Boundaries TABLE ([BoundaryId] INT NOT NULL PRIMARY KEY, [Value] DATETIME2 (0) NOT NULL);

WHILE 1 = 1
BEGIN
    -- A previous run may have stopped between the switch and the merge: the purge table must be empty to switch.
    SET @Deleted = 1;
    WHILE @Deleted > 0
    BEGIN
        DELETE TOP (50000) FROM [usage].[UsageEventPurge];
        SET @Deleted = @@ROWCOUNT;
    END;

    -- The catalog views are read through EXECUTE (string): the project has no reference to the master database model.
    DELETE FROM @Boundaries;
    INSERT INTO @Boundaries ([BoundaryId], [Value])
    EXECUTE (N'SELECT [v].[boundary_id], CONVERT (DATETIME2 (0), [v].[value])
               FROM [sys].[partition_range_values] AS [v]
               INNER JOIN [sys].[partition_functions] AS [f] ON [f].[function_id] = [v].[function_id]
               WHERE [f].[name] = N''PF_UsageDay'' AND [v].[boundary_id] IN (1, 2);');
    SET @Low = (SELECT [b].[Value] FROM @Boundaries AS [b] WHERE [b].[BoundaryId] = 1);
    SET @High = (SELECT [b].[Value] FROM @Boundaries AS [b] WHERE [b].[BoundaryId] = 2);

    IF @High IS NULL OR @High > @Cutoff
        BREAK;

    -- 1. Daily history first: every day of partition 2 that has rows becomes final in usage.UsageDaily.
    SET @Day = (SELECT MIN(CONVERT (DATE, [h].[HourBucket]))
                FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
                WHERE [h].[HourBucket] >= @Low AND [h].[HourBucket] < @High);
    WHILE @Day IS NOT NULL
    BEGIN
        EXECUTE [usage].[RecomputeUsageDailyAt] @Day = @Day, @Now = @Now;
        SET @Day = (SELECT MIN(CONVERT (DATE, [h].[HourBucket]))
                    FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
                    WHERE [h].[HourBucket] >= DATEADD(DAY, 1, CONVERT (DATETIME2 (0), @Day)) AND [h].[HourBucket] < @High);
    END;

    -- 2. Metadata-only move of the oldest day, with its indexed-view rows.
    ALTER TABLE [usage].[UsageEvent] SWITCH PARTITION 2 TO [usage].[UsageEventPurge] PARTITION 2
        WITH (WAIT_AT_LOW_PRIORITY (MAX_DURATION = 1 MINUTES, ABORT_AFTER_WAIT = SELF));

    -- 3. Empty the purge table (DELETE, not TRUNCATE: see the header).
    SET @Deleted = 1;
    WHILE @Deleted > 0
    BEGIN
        DELETE TOP (50000) FROM [usage].[UsageEventPurge];
        SET @Deleted = @@ROWCOUNT;
    END;

    -- 4. Both partitions around @Low are empty now: the merge moves no rows.
    ALTER PARTITION FUNCTION [PF_UsageDay] () MERGE RANGE (@Low);
END;
