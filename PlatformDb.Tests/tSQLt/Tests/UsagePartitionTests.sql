/*
Partition maintenance: usage.EnsureUsagePartitions(At) and usage.PurgeUsagePartitions(At).
Both refuse to run inside a transaction (50308): partition DDL (ALTER PARTITION FUNCTION SPLIT/MERGE, ALTER TABLE
... SWITCH) would hold its schema-modification lock until the caller commits. SQL Server itself would accept that DDL
inside a transaction (ALTER PARTITION FUNCTION docs: it "affects all of them in a single transaction"), but the
procedures' own guard refuses, and tSQLt runs every test inside a transaction it rolls back. So "Purge removes only
expired days" is not exercised here (it would write rows outside any transaction; it belongs to the live C# tier), and
"Ensure twice = once" runs in the one test marked NoTransaction at the end of this file. What is tested otherwise: the guard itself (50308, inside the test transaction), the
parameter checks (50309, decided before the transaction check), the partitions the deployment's EnsureUsagePartitions
runs left behind (one per day, every publish re-runs it), and, in UsageRollupTests, the purge's first step (the day
made final in usage.UsageDaily) and that daily totals outlive the raw rows.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'UsagePartitionTests';
GO

CREATE PROCEDURE [UsagePartitionTests].[test ensuring partitions inside a transaction is refused with 50308]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50308;
    EXECUTE [usage].[EnsureUsagePartitions] @DaysAhead = 7;
END;
GO

CREATE PROCEDURE [UsagePartitionTests].[test ensuring zero days ahead is refused with 50309]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50309;
    EXECUTE [usage].[EnsureUsagePartitionsAt] @Now = '2026-03-18T00:00:00', @DaysAhead = 0;
END;
GO

CREATE PROCEDURE [UsagePartitionTests].[test purging inside a transaction is refused with 50308]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50308;
    EXECUTE [usage].[PurgeUsagePartitions] @RetentionDays = 90;
END;
GO

CREATE PROCEDURE [UsagePartitionTests].[test a retention below seven days is refused with 50309]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50309;
    EXECUTE [usage].[PurgeUsagePartitionsAt] @Now = '2026-03-18T00:00:00', @RetentionDays = 6;
END;
GO

CREATE PROCEDURE [UsagePartitionTests].[test the deployment left exactly one partition per day for the week ahead]
AS
BEGIN
    -- The post-deployment script runs usage.EnsureUsagePartitions on every publish (today .. today + 8): after any
    -- number of publishes each UTC day of the coming week is its own partition, neither missing nor split twice.
    DECLARE @Today DATETIME2 (0) = CONVERT (DATETIME2 (0), CONVERT (DATE, SYSUTCDATETIME()));
    DECLARE @Day INT = 1;
    DECLARE @Step INT;
    WHILE @Day <= 7
    BEGIN
        SET @Step = $PARTITION.[PF_UsageDay](DATEADD(DAY, @Day, @Today)) - $PARTITION.[PF_UsageDay](DATEADD(DAY, @Day - 1, @Today));
        IF @Step <> 1
            EXECUTE tSQLt.Fail N'Each of the next seven UTC days must start a partition of its own (one boundary per midnight).';
        SET @Step = $PARTITION.[PF_UsageDay](DATEADD(SECOND, -1, DATEADD(DAY, @Day, @Today))) - $PARTITION.[PF_UsageDay](DATEADD(DAY, @Day - 1, @Today));
        IF @Step <> 0
            EXECUTE tSQLt.Fail N'A day must not be split into more than one partition.';
        SET @Day = @Day + 1;
    END;
END;
GO

CREATE PROCEDURE [UsagePartitionTests].[test today's partition is not the leftmost one, so today's usage is accepted]
AS
BEGIN
    DECLARE @Partition INT = $PARTITION.[PF_UsageDay](CONVERT (DATETIME2 (0), CONVERT (DATE, SYSUTCDATETIME())));
    IF @Partition <= 1
        EXECUTE tSQLt.Fail N'Partition 1 must stay empty (SPLIT/MERGE), so today must lie above the first boundary.';
END;
GO

/*
The one test of this class outside a transaction: tSQLt's NoTransaction annotation (tSQLt source
Source/tSQLt.(at)tSQLt_NoTransaction.sfn.sql) runs it without the test transaction, so the procedure's 50308 guard
lets it run. tSQLt reads annotations from any line of the procedure's definition that starts with --[@tSQLt:
(tSQLtCLR/Annotations.cs), so the line below, in the same batch as CREATE PROCEDURE, is part of it. The annotation
came after the first annotations (1.0.7597 shipped only MinSqlMajorVersion, MaxSqlMajorVersion and Skip, tSQLt
Build/ReleaseNotes.txt); that the pinned release (eng/tsqlt.json) has it is UNCONFIRMED here: without it the test
fails, either on the unknown annotation or with 50308, and the message names the cause. Without the transaction tSQLt
checks that no object was added or dropped (Private_AssertNoSideEffects compares sys.objects); partition boundaries
are not objects. Its lasting effect is at most the boundaries of the next ten days, which the daily job and every
publish would add anyway; no row is written.
*/
--[@tSQLt:NoTransaction](DEFAULT)
CREATE PROCEDURE [UsagePartitionTests].[test ensuring partitions twice leaves the same boundaries as once]
AS
BEGIN
    DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
    DECLARE @Today DATETIME2 (0) = CONVERT (DATETIME2 (0), CONVERT (DATE, @Now));
    DECLARE @AfterFirst INT, @AfterSecond INT, @Step INT, @Day INT = 1;

    EXECUTE [usage].[EnsureUsagePartitionsAt] @Now = @Now, @DaysAhead = 9;
    -- Partitions from today through the last ensured midnight (today + 10) and the one after it.
    SET @AfterFirst = $PARTITION.[PF_UsageDay](DATEADD(DAY, 12, @Today)) - $PARTITION.[PF_UsageDay](@Today);
    EXECUTE [usage].[EnsureUsagePartitionsAt] @Now = @Now, @DaysAhead = 9;
    SET @AfterSecond = $PARTITION.[PF_UsageDay](DATEADD(DAY, 12, @Today)) - $PARTITION.[PF_UsageDay](@Today);

    EXECUTE tSQLt.AssertEquals @Expected = @AfterFirst, @Actual = @AfterSecond, @Message = N'the second run adds nothing';
    WHILE @Day <= 10
    BEGIN
        SET @Step = $PARTITION.[PF_UsageDay](DATEADD(DAY, @Day, @Today)) - $PARTITION.[PF_UsageDay](DATEADD(DAY, @Day - 1, @Today));
        IF @Step <> 1
            EXECUTE tSQLt.Fail N'Every midnight from today through today + 10 must be a boundary after the run.';
        SET @Day = @Day + 1;
    END;
END;
GO
