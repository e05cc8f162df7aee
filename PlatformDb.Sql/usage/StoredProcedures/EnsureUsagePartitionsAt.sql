/*
Internal (ops): adds a daily boundary to PF_UsageDay for every UTC midnight from the day of @Now through
@Now's day + @DaysAhead + 1 that lies above the highest boundary, so the partitions of the coming days exist before
their rows arrive and the rightmost partition stays empty. It only ever splits the rightmost partition, which ingest
keeps empty (events are accepted at most 5 minutes ahead), so a SPLIT moves no rows; after each SPLIT the scheme needs
NEXT USED again (ALTER PARTITION FUNCTION docs). Idempotent: a second run finds every boundary and does nothing.
Granted to no role (dbo, an Agent job or the deployment identity runs it); refuses to run inside a transaction,
because partition DDL would hold its schema-modification lock until the caller commits. Waits at most 10 s for locks
(SET LOCK_TIMEOUT), so it never queues ingest behind it for long: on error 1222 run it again later.
Run one maintenance job at a time: two concurrent runs may both try the same SPLIT, and the second then fails with an
error and changes nothing (run it again).
Errors: 50308 inside a transaction; 50309 parameter out of range.
*/
CREATE PROCEDURE [usage].[EnsureUsagePartitionsAt]
    @Now       DATETIME2 (3),
    @DaysAhead INT
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

IF @Now IS NULL OR @DaysAhead IS NULL OR @DaysAhead NOT BETWEEN 1 AND 60
BEGIN
    SET XACT_ABORT OFF;
    THROW 50309, N'Usage partition maintenance: @Now is required and @DaysAhead must be between 1 and 60.', 1;
END;

IF @@TRANCOUNT > 0
BEGIN
    SET XACT_ABORT OFF;
    THROW 50308, N'Usage partition maintenance must not run inside a transaction.', 1;
END;

SET LOCK_TIMEOUT 10000;

DECLARE @Today DATETIME2 (0) = CONVERT (DATETIME2 (0), CONVERT (DATE, @Now));
DECLARE @Last DATETIME2 (0) = DATEADD(DAY, @DaysAhead + 1, @Today);
DECLARE @Highest DATETIME2 (0);
DECLARE @Next DATETIME2 (0);

DECLARE @Boundaries TABLE ([BoundaryId] INT NOT NULL PRIMARY KEY, [Value] DATETIME2 (0) NOT NULL);

-- The catalog views are read through EXECUTE (string): the project has no reference to the master database model.
INSERT INTO @Boundaries ([BoundaryId], [Value])
EXECUTE (N'SELECT [v].[boundary_id], CONVERT (DATETIME2 (0), [v].[value])
           FROM [sys].[partition_range_values] AS [v]
           INNER JOIN [sys].[partition_functions] AS [f] ON [f].[function_id] = [v].[function_id]
           WHERE [f].[name] = N''PF_UsageDay'';');

SET @Highest = (SELECT MAX([b].[Value]) FROM @Boundaries AS [b]);
SET @Next = CASE WHEN @Highest IS NULL OR @Highest < @Today THEN @Today ELSE DATEADD(DAY, 1, @Highest) END;

WHILE @Next <= @Last
BEGIN
    ALTER PARTITION SCHEME [PS_UsageDay] NEXT USED [PRIMARY];
    ALTER PARTITION FUNCTION [PF_UsageDay] () SPLIT RANGE (@Next);
    SET @Next = DATEADD(DAY, 1, @Next);
END;
