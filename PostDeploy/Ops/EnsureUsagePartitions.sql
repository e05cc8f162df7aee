/*
v1.3.0: make sure the daily partitions of usage.UsageEvent exist for the coming days after every publish, so that a
fresh database (whose dacpac ships a single boundary) never collects rows in one big partition. Idempotent: when the
partitions exist already it changes nothing. Runs as the deploying identity (dbo); the procedure refuses to run inside
a transaction, and the post-deployment script runs after DacFx has committed the schema.
*/
SET QUOTED_IDENTIFIER ON;
SET ANSI_NULLS ON;
-- Skipped (not failed) if a tool ever wraps post-deployment in a transaction: the daily job creates the partitions then.
-- A lock timeout (1222) under live ingest must not turn a publish whose schema already committed into a failed one:
-- it is reported, and the daily job (or the next publish) creates the partitions. Any other error fails the publish.
BEGIN TRY
    IF OBJECT_ID(N'[usage].[EnsureUsagePartitions]', N'P') IS NOT NULL AND @@TRANCOUNT = 0
        EXECUTE [usage].[EnsureUsagePartitions] @DaysAhead = 7;
END TRY
BEGIN CATCH
    -- An error inside TRY can leave the transaction uncommittable; roll it back before deciding.
    IF XACT_STATE() <> 0
        ROLLBACK TRANSACTION;

    IF ERROR_NUMBER() <> 1222
        THROW;

    PRINT N'Usage partitions: not created now (lock timeout under live ingest, error 1222); run usage.EnsureUsagePartitions later.';
END CATCH;
