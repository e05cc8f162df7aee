/*
Records one API request of the caller's organization and charges the budgets it falls under, in one transaction
(docs/service-path.md). The gateway calls it after the request was served.

1. Parameters are checked like usage.RecordUsageEvent (NULL or longer than the column: 50304, never truncated).
2. The event is checked and priced by usage.CheckUsageEvents, the usage ingest's own rule (50301..50306; 50301 also
   for another organization's key). @OccurredAt is the event's own time, not a clock: accepted only within
   [server now - 2 days, server now + 5 minutes] (SYSUTCDATETIME()). @UserId, when given, must be a live member of the
   organization (50204), so no other organization's user can be charged.
3. In the procedure's own transaction, or under a savepoint inside a caller's: the idempotency key (organization,
   request id, hour) is probed under UPDLOCK, HOLDLOCK. An existing row: nothing is charged, the existing row is
   returned as 'duplicate'. A concurrent call with the same key waits on that lock, then sees the row.
4. Every live budget that applies (organization; the user's when @UserId is given; the key's, and since v1.4.1 those
   of the key that replaced it through identity.RotateApiKey, ApiKey.ReplacedByApiKeyId) is charged for the
   period containing the server's now, in ascending BudgetId order (their Budget rows are locked in that order before
   step 3, so two calls never wait on each other crosswise), through billing.ConsumeBudgetAt: its one UPDATE checks the limit against the locked
   total, so concurrent calls can never overspend a hard-stop budget. Amount = cost, tokens = prompt + completion;
   nothing is charged when both are 0.
5. The usage event is inserted.
A refusal of any budget (50202 hard stop; 50201 a budget deleted meanwhile) rolls back everything of this call (the
savepoint or its own transaction): no budget is charged and no event written; the refusal is re-thrown with
XACT_ABORT OFF, so a caller's transaction stays open with its earlier work. An unexpected error (deadlock 1205,
constraint violation) under XACT_ABORT ON dooms the transaction: the procedure's own is rolled back; a caller's
transaction is left uncommittable (XACT_STATE() = -1) and the caller must roll it back (the server does so at the
end of the batch at the latest).
Every caller connection needs the indexed-view SET options (usage.UsageHourly sits on usage.UsageEvent): SqlClient's
defaults (QUOTED_IDENTIFIER, ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL ON,
NUMERIC_ROUNDABORT OFF).
Result set: one row UsageEventId, Outcome ('inserted' | 'duplicate'), CostAmount, HourBucket.
Errors: 50301..50306 (usage ingest), 50201, 50202 (budget), 50204 user not a live member of the organization.
*/
CREATE PROCEDURE [billing].[RecordRequest]
    @OrganizationId     INT,
    @ApiKeyId           INT,
    @UserId             INT = NULL,
    @RequestId          VARCHAR (8000),
    @ModelId            INT,
    @OccurredAt         DATETIME2 (3),
    @PromptTokens       INT,
    @CompletionTokens   INT,
    @CachedTokens       INT = 0,
    @LatencyMs          INT,
    @TimeToFirstTokenMs INT = NULL,
    @StatusCode         SMALLINT,
    @ErrorClass         VARCHAR (8000) = NULL,
    @Tags               NVARCHAR (4000) = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);

IF @OrganizationId IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50307, N'Usage ingest needs an organization and at least one event.', 1;
END;

IF @RequestId IS NULL OR @ApiKeyId IS NULL OR @ModelId IS NULL OR @OccurredAt IS NULL OR @PromptTokens IS NULL
   OR @CompletionTokens IS NULL OR @CachedTokens IS NULL OR @LatencyMs IS NULL OR @StatusCode IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50304, N'Usage event 1: invalid values (a required value is NULL).', 1;
END;

-- Longer than the columns: refused, never truncated into another event's idempotency key (SET ANSI_WARNINGS docs).
IF DATALENGTH(@RequestId) > 64 OR DATALENGTH(@ErrorClass) > 32 OR DATALENGTH(@Tags) > 800
BEGIN
    SET XACT_ABORT OFF;
    THROW 50304, N'Usage event 1: invalid values (request id longer than 64, error class longer than 32 or tags longer than 400 characters).', 1;
END;

DECLARE @Events [usage].[UsageEventList];
INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                     [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
VALUES (1, CONVERT (VARCHAR (64), @RequestId), @ApiKeyId, @UserId, @ModelId, @OccurredAt, @PromptTokens, @CompletionTokens,
        @CachedTokens, @LatencyMs, @TimeToFirstTokenMs, @StatusCode, CONVERT (VARCHAR (32), @ErrorClass), CONVERT (NVARCHAR (400), @Tags));

DECLARE @ErrorNumber INT;
DECLARE @HourBucket DATETIME2 (0);
DECLARE @Shard TINYINT;
DECLARE @ModelPriceId INT;
DECLARE @CostAmount DECIMAL (19, 6);

SELECT @ErrorNumber = [c].[ErrorNumber],
       @HourBucket = [c].[HourBucket],
       @Shard = [c].[Shard],
       @ModelPriceId = [c].[ModelPriceId],
       @CostAmount = [c].[CostAmount]
FROM [usage].[CheckUsageEvents](@OrganizationId, @Events, @Now) AS [c];

IF @ErrorNumber IS NOT NULL
BEGIN
    -- Nothing has been written; the messages are those of usage.RecordUsageEventsAt.
    SET XACT_ABORT OFF;
    IF @ErrorNumber = 50304
        THROW 50304, N'Usage event 1: invalid values (negative tokens or latency, time to first token above latency, status outside 100..599, blank request id, error class not [a-z0-9_] or tags not a JSON object).', 1;
    IF @ErrorNumber = 50305
        THROW 50305, N'Usage event 1: OccurredAt is more than 5 minutes in the future.', 1;
    IF @ErrorNumber = 50306
        THROW 50306, N'Usage event 1: OccurredAt is older than the 2-day late-arrival window or the oldest stored day.', 1;
    IF @ErrorNumber = 50301
        THROW 50301, N'Usage event 1: API key does not exist, belongs to another organization, or was deleted, revoked or expired before the event.', 1;
    IF @ErrorNumber = 50302
        THROW 50302, N'Usage event 1: model does not exist or was deleted before the event.', 1;
    THROW 50303, N'Usage event 1: the model has no USD price effective at OccurredAt.', 1;
END;

-- A user of another organization (or a removed or deleted one) is refused like an unknown one.
IF @UserId IS NOT NULL
   AND NOT EXISTS (SELECT 1
                   FROM [tenancy].[Membership] AS [m]
                   INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
                   WHERE [m].[OrganizationId] = @OrganizationId
                     AND [m].[UserId] = @UserId
                     AND [m].[RemovedAt] IS NULL
                     AND [u].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @UserId, N' is not a member of the organization (unknown, removed, deleted or of another organization); nothing was recorded.');
    SET XACT_ABORT OFF;
    THROW 50204, @Message, 1;
END;

DECLARE @Tokens BIGINT = CAST(@PromptTokens AS BIGINT) + @CompletionTokens;
DECLARE @UsageEventId BIGINT;
DECLARE @Outcome VARCHAR (10);
DECLARE @BudgetId INT;
DECLARE @LockedBudgetId INT;
DECLARE @ReplacedByApiKeyId INT;
DECLARE @RemainingAmount DECIMAL (19, 6);
DECLARE @RemainingTokens BIGINT;
DECLARE @AlertRaised BIT;
DECLARE @Budgets TABLE ([BudgetId] INT NOT NULL PRIMARY KEY);
DECLARE @Inserted TABLE ([UsageEventId] BIGINT NOT NULL);

BEGIN TRY
    IF @TranCount = 0
        BEGIN TRANSACTION;
    ELSE
        SAVE TRANSACTION [RecordRequest];

    -- Lock order, the same in every call: the budgets that apply (ascending BudgetId, one row at a time so the order is
    -- guaranteed), then the idempotency key, then the period rows (ConsumeBudgetAt), then the insert. Taking the budget
    -- locks first means two calls never hold a key-range lock of UQ_UsageEvent_Organization_RequestId_HourBucket
    -- while waiting for each other's budget (the RangeS-U/RangeI-N cycle of docs/analytics.md, "Concurrency").
    IF @CostAmount > 0.0 OR @Tokens > 0
    BEGIN
        -- The key that replaced the calling key (identity.RotateApiKey, since v1.4.1; one hop reaches the newest key):
        -- its key-scoped budgets were moved from the calling key and still apply to it during its grace period. The
        -- shared lock on the calling key's row is held (HOLDLOCK) so a concurrent rotation cannot move a budget between
        -- this read and the budget read below; RotateApiKey writes all key rows before the budgets, so it never waits
        -- for a budget while holding a key row this call waits for. Same organization (FK_ApiKey_ApiKey_ReplacedBy).
        SELECT @ReplacedByApiKeyId = [k].[ReplacedByApiKeyId]
        FROM [identity].[ApiKey] AS [k] WITH (HOLDLOCK)
        WHERE [k].[ApiKeyId] = @ApiKeyId
          AND [k].[OrganizationId] = @OrganizationId;

        INSERT INTO @Budgets ([BudgetId])
        SELECT [b].[BudgetId]
        FROM [billing].[Budget] AS [b]
        WHERE [b].[OrganizationId] = @OrganizationId
          AND [b].[DeletedAt] IS NULL
          AND (   [b].[ScopeType] = 'organization'
               OR ([b].[ScopeType] = 'user' AND [b].[UserId] = @UserId)
               OR ([b].[ScopeType] = 'apikey' AND [b].[ApiKeyId] IN (@ApiKeyId, @ReplacedByApiKeyId)));

        SET @BudgetId = (SELECT MIN([BudgetId]) FROM @Budgets);
        WHILE @BudgetId IS NOT NULL
        BEGIN
            SELECT @LockedBudgetId = [b].[BudgetId]
            FROM [billing].[Budget] AS [b] WITH (UPDLOCK, HOLDLOCK)
            WHERE [b].[BudgetId] = @BudgetId;
            SET @BudgetId = (SELECT MIN([BudgetId]) FROM @Budgets WHERE [BudgetId] > @BudgetId);
        END;
    END;

    -- The idempotency probe: the key-range lock makes a concurrent retry of the same request wait, then see the row.
    SELECT @UsageEventId = [u].[UsageEventId],
           @CostAmount = [u].[CostAmount]
    FROM [usage].[UsageEvent] AS [u] WITH (UPDLOCK, HOLDLOCK)
    WHERE [u].[OrganizationId] = @OrganizationId
      AND [u].[RequestId] = CONVERT (VARCHAR (64), @RequestId)
      AND [u].[HourBucket] = @HourBucket;

    IF @UsageEventId IS NOT NULL
        SET @Outcome = 'duplicate';
    ELSE
    BEGIN
        IF @CostAmount > 0.0 OR @Tokens > 0
        BEGIN
            -- Ascending BudgetId, the order the budget rows were locked in above.
            SET @BudgetId = (SELECT MIN([BudgetId]) FROM @Budgets);
            WHILE @BudgetId IS NOT NULL
            BEGIN
                -- The internal procedure sets XACT_ABORT itself (OFF just before a documented refusal).
                SET XACT_ABORT OFF;
                EXECUTE [billing].[ConsumeBudgetAt]
                    @OrganizationId = @OrganizationId,
                    @BudgetId = @BudgetId,
                    @Amount = @CostAmount,
                    @Tokens = @Tokens,
                    @OccurredAt = @Now,
                    @RemainingAmount = @RemainingAmount OUTPUT,
                    @RemainingTokens = @RemainingTokens OUTPUT,
                    @AlertRaised = @AlertRaised OUTPUT;
                SET XACT_ABORT ON;
                SET @BudgetId = (SELECT MIN([BudgetId]) FROM @Budgets WHERE [BudgetId] > @BudgetId);
            END;
        END;

        INSERT INTO [usage].[UsageEvent]
            ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard],
             [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass],
             [CostAmount], [Currency], [ModelPriceId], [Tags])
        OUTPUT [inserted].[UsageEventId] INTO @Inserted ([UsageEventId])
        SELECT @HourBucket, [e].[OccurredAt], @OrganizationId, [e].[ApiKeyId], [e].[UserId], [e].[ModelId], [e].[RequestId], @Shard,
               [e].[PromptTokens], [e].[CompletionTokens], [e].[CachedTokens], [e].[LatencyMs], [e].[TimeToFirstTokenMs], [e].[StatusCode], [e].[ErrorClass],
               @CostAmount, 'USD', @ModelPriceId, [e].[Tags]
        FROM @Events AS [e];

        SET @UsageEventId = (SELECT [i].[UsageEventId] FROM @Inserted AS [i]);
        SET @Outcome = 'inserted';
    END;

    IF @TranCount = 0
        COMMIT TRANSACTION;
END TRY
BEGIN CATCH
    -- Committable (1): undo only this call's work (its own transaction, or back to the savepoint; ROLLBACK without a
    -- name would also undo the caller's work). Doomed (-1, an unexpected error under XACT_ABORT ON): it cannot be
    -- rolled back to a savepoint (XACT_STATE docs); its own is rolled back here, a caller's is left to the caller.
    IF XACT_STATE() <> 0
    BEGIN
        IF @TranCount = 0
            ROLLBACK TRANSACTION;
        ELSE IF XACT_STATE() = 1
            ROLLBACK TRANSACTION [RecordRequest];
    END;

    -- Re-raised as it came (number, message); OFF so a documented refusal leaves a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW;
END CATCH;

SELECT @UsageEventId AS [UsageEventId],
       @Outcome AS [Outcome],
       @CostAmount AS [CostAmount],
       @HourBucket AS [HourBucket];
