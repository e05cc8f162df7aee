/*
Internal: the body of every usage ingest path, with the server's "now" as a parameter for tests. Granted to no role
(tested): a caller who could set @Now could record events in the past or the future beyond the accepted window.
usage.RecordUsageEvent and usage.RecordUsageEvents call it with @RejectInvalid = 0 (any invalid row: THROW, nothing
written); usage.MoveStagedUsageEvents with @RejectInvalid = 1 (invalid rows are reported as 'rejected', the rest is
written).

Per row, in this order: 50304 invalid values; 50305 OccurredAt more than 5 minutes after @Now; 50306 OccurredAt more
than 2 days before @Now or before the oldest raw partition; 50301 key unknown, of another organization, or deleted,
revoked or expired before OccurredAt (also a key of an organization deleted before OccurredAt); 50302 model unknown or
deleted before OccurredAt; 50303 no USD price effective at OccurredAt. A revocation after the event does not refuse it:
the request was served, so its usage is recorded.

Idempotency: the key is (OrganizationId, RequestId, HourBucket); a retry carries the same OccurredAt. An existing row
makes the event a 'duplicate' (a no-op that reports the existing row); inside one call the lowest RowNumber wins. The
existence check takes UPDLOCK, HOLDLOCK on the unique key, so two concurrent calls with the same request cannot both
insert (the second waits, then sees the row).

Transactions: refusals are decided before anything is written, so no rollback is needed; the insert runs in the
procedure's own transaction, or under a savepoint inside a caller's. The refusal is thrown with XACT_ABORT OFF so a
caller's transaction stays open. Unexpected errors (deadlock, overflow) run under XACT_ABORT ON and end the caller's
transaction. Every caller connection needs the indexed-view SET options (QUOTED_IDENTIFIER, ANSI_NULLS, ANSI_PADDING,
ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL ON, NUMERIC_ROUNDABORT OFF): SqlClient's defaults.
Result set: one row per input row (only 'duplicate' and 'rejected' rows when @ReportInserted = 0), by RowNumber.
*/
CREATE PROCEDURE [usage].[RecordUsageEventsAt]
    @OrganizationId INT,
    @Events         [usage].[UsageEventList] READONLY,
    @Now            DATETIME2 (3),
    @RejectInvalid  BIT,
    @ReportInserted BIT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Message NVARCHAR (2048);
DECLARE @FirstError INT;
DECLARE @FirstRow INT;

IF @OrganizationId IS NULL OR @Now IS NULL OR NOT EXISTS (SELECT 1 FROM @Events)
BEGIN
    -- THROW honours XACT_ABORT; OFF (restored when the procedure returns) keeps a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW 50307, N'Usage ingest needs an organization and at least one event.', 1;
END;

DECLARE @Checked TABLE
(
    [RowNumber]    INT             NOT NULL PRIMARY KEY,
    [ErrorNumber]  INT             NULL,
    [HourBucket]   DATETIME2 (0)   NULL,
    [Shard]        TINYINT         NULL,
    [ModelPriceId] INT             NULL,
    [CostAmount]   DECIMAL (19, 6) NULL,
    [IsFirst]      BIT             NOT NULL
);

-- The rules and the price live in usage.CheckUsageEvents (shared with billing.RecordRequest since v1.4.0).
INSERT INTO @Checked ([RowNumber], [ErrorNumber], [HourBucket], [Shard], [ModelPriceId], [CostAmount], [IsFirst])
SELECT [c].[RowNumber], [c].[ErrorNumber], [c].[HourBucket], [c].[Shard], [c].[ModelPriceId], [c].[CostAmount], 1
FROM [usage].[CheckUsageEvents](@OrganizationId, @Events, @Now) AS [c];

SELECT TOP (1) @FirstError = [c].[ErrorNumber], @FirstRow = [c].[RowNumber]
FROM @Checked AS [c]
WHERE [c].[ErrorNumber] IS NOT NULL
ORDER BY [c].[RowNumber];

IF @FirstError IS NOT NULL AND @RejectInvalid = 0
BEGIN
    -- Nothing has been written: no rollback is needed, and the caller's transaction stays as it was.
    SET XACT_ABORT OFF;
    IF @FirstError = 50304
    BEGIN
        SET @Message = CONCAT(N'Usage event ', @FirstRow, N': invalid values (negative tokens or latency, time to first token above latency, status outside 100..599, blank request id, error class not [a-z0-9_] or tags not a JSON object).');
        THROW 50304, @Message, 1;
    END;
    IF @FirstError = 50305
    BEGIN
        SET @Message = CONCAT(N'Usage event ', @FirstRow, N': OccurredAt is more than 5 minutes in the future.');
        THROW 50305, @Message, 1;
    END;
    IF @FirstError = 50306
    BEGIN
        SET @Message = CONCAT(N'Usage event ', @FirstRow, N': OccurredAt is older than the 2-day late-arrival window or the oldest stored day.');
        THROW 50306, @Message, 1;
    END;
    IF @FirstError = 50301
    BEGIN
        SET @Message = CONCAT(N'Usage event ', @FirstRow, N': API key does not exist, belongs to another organization, or was deleted, revoked or expired before the event.');
        THROW 50301, @Message, 1;
    END;
    IF @FirstError = 50302
    BEGIN
        SET @Message = CONCAT(N'Usage event ', @FirstRow, N': model does not exist or was deleted before the event.');
        THROW 50302, @Message, 1;
    END;
    SET @Message = CONCAT(N'Usage event ', @FirstRow, N': the model has no USD price effective at OccurredAt.');
    THROW 50303, @Message, 1;
END;

-- Within the call the first valid row of a (RequestId, HourBucket) is the one written.
WITH [Ranked] AS
(
    SELECT [c].[IsFirst],
           ROW_NUMBER() OVER (PARTITION BY [e].[RequestId], [c].[HourBucket] ORDER BY [c].[RowNumber]) AS [Rank]
    FROM @Checked AS [c]
    INNER JOIN @Events AS [e] ON [e].[RowNumber] = [c].[RowNumber]
    WHERE [c].[ErrorNumber] IS NULL
)
UPDATE [Ranked]
SET [IsFirst] = 0
WHERE [Rank] > 1;

DECLARE @Inserted TABLE
(
    [RequestId]    VARCHAR (64)    COLLATE Latin1_General_100_BIN2 NOT NULL,
    [HourBucket]   DATETIME2 (0)   NOT NULL,
    [UsageEventId] BIGINT          NOT NULL,
    [CostAmount]   DECIMAL (19, 6) NOT NULL,
    PRIMARY KEY ([RequestId], [HourBucket])
);
DECLARE @Outcome TABLE
(
    [RowNumber]    INT             NOT NULL PRIMARY KEY,
    [RequestId]    VARCHAR (64)    COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Outcome]      VARCHAR (10)    NOT NULL,
    [ErrorNumber]  INT             NULL,
    [UsageEventId] BIGINT          NULL,
    [HourBucket]   DATETIME2 (0)   NULL,
    [CostAmount]   DECIMAL (19, 6) NULL
);

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RecordUsageEventsAt];

INSERT INTO [usage].[UsageEvent]
    ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard],
     [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass],
     [CostAmount], [Currency], [ModelPriceId], [Tags])
OUTPUT [inserted].[RequestId], [inserted].[HourBucket], [inserted].[UsageEventId], [inserted].[CostAmount]
INTO @Inserted ([RequestId], [HourBucket], [UsageEventId], [CostAmount])
SELECT [c].[HourBucket], [e].[OccurredAt], @OrganizationId, [e].[ApiKeyId], [e].[UserId], [e].[ModelId], [e].[RequestId], [c].[Shard],
       [e].[PromptTokens], [e].[CompletionTokens], [e].[CachedTokens], [e].[LatencyMs], [e].[TimeToFirstTokenMs], [e].[StatusCode], [e].[ErrorClass],
       [c].[CostAmount], 'USD', [c].[ModelPriceId], [e].[Tags]
FROM @Checked AS [c]
INNER JOIN @Events AS [e] ON [e].[RowNumber] = [c].[RowNumber]
WHERE [c].[ErrorNumber] IS NULL
  AND [c].[IsFirst] = 1
  AND NOT EXISTS (SELECT 1
                  FROM [usage].[UsageEvent] AS [u] WITH (UPDLOCK, HOLDLOCK)
                  WHERE [u].[OrganizationId] = @OrganizationId
                    AND [u].[RequestId] = [e].[RequestId]
                    AND [u].[HourBucket] = [c].[HourBucket]);

INSERT INTO @Outcome ([RowNumber], [RequestId], [Outcome], [ErrorNumber], [UsageEventId], [HourBucket], [CostAmount])
SELECT [c].[RowNumber],
       [e].[RequestId],
       CASE
           WHEN [c].[ErrorNumber] IS NOT NULL THEN 'rejected'
           WHEN [c].[IsFirst] = 1 AND [i].[UsageEventId] IS NOT NULL THEN 'inserted'
           ELSE 'duplicate'
       END,
       [c].[ErrorNumber],
       CASE WHEN [c].[IsFirst] = 1 AND [i].[UsageEventId] IS NOT NULL THEN [i].[UsageEventId] ELSE [x].[UsageEventId] END,
       CASE WHEN [c].[ErrorNumber] IS NULL THEN [c].[HourBucket] END,
       CASE WHEN [c].[IsFirst] = 1 AND [i].[UsageEventId] IS NOT NULL THEN [i].[CostAmount] ELSE [x].[CostAmount] END
FROM @Checked AS [c]
INNER JOIN @Events AS [e] ON [e].[RowNumber] = [c].[RowNumber]
LEFT JOIN @Inserted AS [i] ON [c].[ErrorNumber] IS NULL AND [i].[RequestId] = [e].[RequestId] AND [i].[HourBucket] = [c].[HourBucket]
OUTER APPLY (SELECT [u].[UsageEventId], [u].[CostAmount]
             FROM [usage].[UsageEvent] AS [u]
             WHERE [c].[ErrorNumber] IS NULL
               AND NOT ([c].[IsFirst] = 1 AND [i].[UsageEventId] IS NOT NULL)
               AND [u].[OrganizationId] = @OrganizationId
               AND [u].[RequestId] = [e].[RequestId]
               AND [u].[HourBucket] = [c].[HourBucket]) AS [x];

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT [o].[RowNumber], [o].[RequestId], [o].[Outcome], [o].[ErrorNumber], [o].[UsageEventId], [o].[HourBucket], [o].[CostAmount]
FROM @Outcome AS [o]
WHERE @ReportInserted = 1 OR [o].[Outcome] <> 'inserted'
ORDER BY [o].[RowNumber];
