/*
Internal (ops): replaces every usage.UsageDaily row of @Day (all organizations) with totals from usage.UsageHourly
(WITH (NOEXPAND): Standard edition does not match indexed views on its own) and records the day in
usage.UsageDayStatus. The day is final when @Now is at least @Day + 3 days + 1 hour: the day itself, the 2-day
late-arrival window of ingest and an hour of grace for requests in flight; a final day stays final. Idempotent: the
same raw rows give the same daily rows. Two runs for the same day serialize on the day's usage.UsageDayStatus key.
Refused (50310) when the day's raw rows are already purged (the day lies before the first boundary of PF_UsageDay):
recomputing would erase history that only the daily table still holds.
Transactions: own transaction, or a savepoint inside a caller's; nothing to undo before the refusal.
Errors: 50309 parameter missing; 50310 raw rows purged.
*/
CREATE PROCEDURE [usage].[RecomputeUsageDailyAt]
    @Day DATE,
    @Now DATETIME2 (3)
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

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Message NVARCHAR (2048);

IF @Day IS NULL OR @Now IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50309, N'Usage daily recompute: @Day and @Now are required.', 1;
END;

DECLARE @From DATETIME2 (0) = CONVERT (DATETIME2 (0), @Day);
DECLARE @To DATETIME2 (0) = DATEADD(DAY, 1, @From);
DECLARE @IsFinal BIT = CASE WHEN @Now >= DATEADD(HOUR, 1, DATEADD(DAY, 3, CONVERT (DATETIME2 (3), @Day))) THEN 1 ELSE 0 END;

-- Partition 1 holds values below the first boundary: the purge has merged every older day into it, empty.
IF $PARTITION.[PF_UsageDay](@From) = 1
BEGIN
    SET @Message = CONCAT(N'Usage daily recompute: the raw rows of ', CONVERT (NVARCHAR (10), @Day, 23), N' are purged; its daily rows are kept as they are.');
    SET XACT_ABORT OFF;
    THROW 50310, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RecomputeUsageDailyAt];

-- Two recomputes of the same day serialize here (key-range lock on the day's status row, held to commit).
DECLARE @WasFinal BIT;
SELECT @WasFinal = [s].[IsFinal]
FROM [usage].[UsageDayStatus] AS [s] WITH (UPDLOCK, HOLDLOCK)
WHERE [s].[UsageDay] = @Day;

DELETE FROM [usage].[UsageDaily]
WHERE [UsageDay] = @Day;

INSERT INTO [usage].[UsageDaily]
    ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount],
     [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [Currency], [ComputedAt])
SELECT [h].[OrganizationId], [h].[ModelId], @Day,
       SUM([h].[RequestCount]), SUM([h].[PromptTokens]), SUM([h].[CompletionTokens]), SUM([h].[CachedTokens]), SUM([h].[ErrorCount]),
       SUM([h].[LatencyMsSum]), SUM([h].[TimeToFirstTokenMsSum]), SUM([h].[TimeToFirstTokenCount]),
       CONVERT (DECIMAL (19, 6), SUM([h].[CostAmount])), 'USD', @Now
FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
WHERE [h].[HourBucket] >= @From
  AND [h].[HourBucket] < @To
GROUP BY [h].[OrganizationId], [h].[ModelId];

UPDATE [s]
SET [s].[ComputedAt] = @Now,
    [s].[IsFinal] = CASE WHEN [s].[IsFinal] = 1 OR @IsFinal = 1 THEN 1 ELSE 0 END
FROM [usage].[UsageDayStatus] AS [s]
WHERE [s].[UsageDay] = @Day;

IF @@ROWCOUNT = 0
    INSERT INTO [usage].[UsageDayStatus] ([UsageDay], [ComputedAt], [IsFinal])
    VALUES (@Day, @Now, @IsFinal);

IF @TranCount = 0
    COMMIT TRANSACTION;
