/*
Moves one SqlBulkCopy batch of the caller's organization from usage.UsageEventStaging into usage.UsageEvent,
set-based: validates and prices every row (the rules of usage.RecordUsageEventsAt with the server's clock), inserts
the valid ones, skips duplicates, reports invalid rows as 'rejected' with their error number instead of failing the
batch, then deletes the batch's rows from staging (the ones it read; rows staged into the same batch meanwhile stay).
Rows of another organization in the same batch are not touched. Calling it again for a moved batch does nothing.
Result set: only 'duplicate' and 'rejected' rows (RowNumber = rank by StagingRowId within the batch, RequestId, ...).
Errors: none for row problems; 50307 when @OrganizationId is NULL.
*/
CREATE PROCEDURE [usage].[MoveStagedUsageEvents]
    @OrganizationId INT,
    @BatchId        UNIQUEIDENTIFIER
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @LastStagingRowId BIGINT;
DECLARE @Events [usage].[UsageEventList];

IF @OrganizationId IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50307, N'Usage ingest needs an organization and at least one event.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [MoveStagedUsageEvents];

-- UPDLOCK, HOLDLOCK: a second mover of the same batch waits, then finds nothing left to move.
INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                     [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
SELECT CONVERT (INT, ROW_NUMBER() OVER (ORDER BY [s].[StagingRowId])),
       [s].[RequestId], [s].[ApiKeyId], [s].[UserId], [s].[ModelId], [s].[OccurredAt], [s].[PromptTokens], [s].[CompletionTokens],
       [s].[CachedTokens], [s].[LatencyMs], [s].[TimeToFirstTokenMs], [s].[StatusCode], [s].[ErrorClass], [s].[Tags]
FROM [usage].[UsageEventStaging] AS [s] WITH (UPDLOCK, HOLDLOCK)
WHERE [s].[BatchId] = @BatchId
  AND [s].[OrganizationId] = @OrganizationId;

SELECT @LastStagingRowId = MAX([s].[StagingRowId])
FROM [usage].[UsageEventStaging] AS [s]
WHERE [s].[BatchId] = @BatchId
  AND [s].[OrganizationId] = @OrganizationId;

IF @LastStagingRowId IS NULL
BEGIN
    IF @TranCount = 0
        COMMIT TRANSACTION;

    -- Nothing staged (or already moved): the same result-set shape, empty.
    SELECT CONVERT (INT, NULL) AS [RowNumber], CONVERT (VARCHAR (64), NULL) AS [RequestId], CONVERT (VARCHAR (10), NULL) AS [Outcome],
           CONVERT (INT, NULL) AS [ErrorNumber], CONVERT (BIGINT, NULL) AS [UsageEventId], CONVERT (DATETIME2 (0), NULL) AS [HourBucket],
           CONVERT (DECIMAL (19, 6), NULL) AS [CostAmount]
    WHERE 1 = 0;
    RETURN;
END;

EXECUTE [usage].[RecordUsageEventsAt]
    @OrganizationId = @OrganizationId,
    @Events = @Events,
    @Now = @Now,
    @RejectInvalid = 1,
    @ReportInserted = 0;

DELETE FROM [usage].[UsageEventStaging]
WHERE [BatchId] = @BatchId
  AND [OrganizationId] = @OrganizationId
  AND [StagingRowId] <= @LastStagingRowId;

IF @TranCount = 0
    COMMIT TRANSACTION;
