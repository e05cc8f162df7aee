/*
Internal: the body of billing.ConsumeBudget with the time of the consumption as a parameter, for tests. Granted
to no role (tested): a caller who could set @OccurredAt could book spend into a closed or future period.
billing.ConsumeBudget calls it with SYSUTCDATETIME(); ownership chaining (every schema is owned by dbo) lets
platform_app run it only that way.

Adds one consumption (money and/or tokens) to the current period of a budget of @OrganizationId, race-free.
The period row is created under UPDLOCK, HOLDLOCK; the limit check and the increment are one UPDATE,
so two concurrent callers can never both pass a check that only one of them fits in.

Transactions: with no transaction open on entry the procedure runs its own; inside a caller's transaction it
works under a savepoint instead. A refusal is decided first, then only the procedure's own work is rolled back
(to the savepoint, or its own transaction) and the error is thrown with XACT_ABORT OFF, so a caller's
transaction and its earlier work stay open and intact. Unexpected errors (deadlock, constraint violation) still
run under XACT_ABORT ON and roll back the caller's whole transaction.
Errors: 50201 budget not found, deleted or of another organization; 50202 budget would be exceeded
(HardStop = 1); 50203 consumption not positive.
*/
CREATE PROCEDURE [billing].[ConsumeBudgetAt]
    @OrganizationId  INT,
    @BudgetId        INT,
    @Amount          DECIMAL (19, 6),
    @Tokens          BIGINT,
    @OccurredAt      DATETIME2 (3),
    @RemainingAmount DECIMAL (19, 6) OUTPUT,
    @RemainingTokens BIGINT OUTPUT,
    @AlertRaised     BIT OUTPUT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;

SET @RemainingAmount = NULL;
SET @RemainingTokens = NULL;
SET @AlertRaised = 0;

-- NULL means "nothing of this kind"; negatives and an all-zero call are caller bugs.
SET @Amount = COALESCE(@Amount, 0);
SET @Tokens = COALESCE(@Tokens, 0);
IF @Amount < 0.0 OR @Tokens < 0 OR (@Amount = 0.0 AND @Tokens = 0)
BEGIN
    -- THROW honours XACT_ABORT; OFF (restored when the procedure returns) keeps a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW 50203, N'Consumption must be positive: @Amount and @Tokens must be >= 0 and at least one of them > 0.', 1;
END;

DECLARE @At DATETIME2 (3) = COALESCE(@OccurredAt, CAST(SYSUTCDATETIME() AS DATETIME2 (3)));
DECLARE @Day DATE = CAST(@At AS DATE);
DECLARE @Period VARCHAR (10);
DECLARE @BudgetCreatedAt DATETIME2 (3);
DECLARE @Message NVARCHAR (2048);

-- A budget of another organization is treated exactly like a missing one, so its existence does not leak.
SELECT @Period = [b].[Period],
       @BudgetCreatedAt = [b].[CreatedAt]
FROM [billing].[Budget] AS [b]
WHERE [b].[BudgetId] = @BudgetId
  AND [b].[OrganizationId] = @OrganizationId
  AND [b].[DeletedAt] IS NULL;

IF @Period IS NULL
BEGIN
    SET @Message = CONCAT(N'Budget ', @BudgetId, N' does not exist, is deleted or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50201, @Message, 1;
END;

-- 1900-01-01 was a Monday: whole weeks since then give the ISO-week Monday without depending on DATEFIRST.
DECLARE @PeriodStart DATE =
    CASE @Period
        WHEN 'daily'   THEN @Day
        WHEN 'weekly'  THEN DATEADD(DAY, (DATEDIFF(DAY, DATEFROMPARTS(1900, 1, 1), @Day) / 7) * 7, DATEFROMPARTS(1900, 1, 1))
        WHEN 'monthly' THEN DATEFROMPARTS(YEAR(@Day), MONTH(@Day), 1)
        ELSE CAST(@BudgetCreatedAt AS DATE)
    END;

DECLARE @Result TABLE
(
    [SpentAmount]       DECIMAL (19, 6) NOT NULL,
    [SpentTokens]       BIGINT          NOT NULL,
    [LimitAmount]       DECIMAL (19, 6) NULL,
    [LimitTokens]       BIGINT          NULL,
    [AlertRaisedBefore] DATETIME2 (3)   NULL,
    [AlertRaisedAfter]  DATETIME2 (3)   NULL
);
DECLARE @Updated INT;
DECLARE @BudgetGone BIT;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [ConsumeBudgetAt];

INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart])
SELECT @BudgetId, @PeriodStart
WHERE NOT EXISTS (SELECT 1
                  FROM [billing].[BudgetPeriodUsage] AS [u] WITH (UPDLOCK, HOLDLOCK)
                  WHERE [u].[BudgetId] = @BudgetId
                    AND [u].[PeriodStart] = @PeriodStart);

-- One statement checks every limit against the locked current totals and adds the consumption.
UPDATE [u]
SET [u].[SpentAmount] = [u].[SpentAmount] + @Amount,
    [u].[SpentTokens] = [u].[SpentTokens] + @Tokens,
    [u].[AlertRaisedAt] =
        CASE
            WHEN [u].[AlertRaisedAt] IS NULL
             AND [b].[AlertThreshold] IS NOT NULL
             AND (   ([b].[LimitAmount] IS NOT NULL AND [u].[SpentAmount] + @Amount >= [b].[AlertThreshold] * [b].[LimitAmount])
                  OR ([b].[LimitTokens] IS NOT NULL
                      AND CAST([u].[SpentTokens] + @Tokens AS DECIMAL (38, 4)) >= CAST([b].[AlertThreshold] AS DECIMAL (19, 4)) * CAST([b].[LimitTokens] AS DECIMAL (19, 4))))
            THEN @At
            ELSE [u].[AlertRaisedAt]
        END,
    [u].[UpdatedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
OUTPUT [inserted].[SpentAmount], [inserted].[SpentTokens], [b].[LimitAmount], [b].[LimitTokens],
       [deleted].[AlertRaisedAt], [inserted].[AlertRaisedAt]
INTO @Result ([SpentAmount], [SpentTokens], [LimitAmount], [LimitTokens], [AlertRaisedBefore], [AlertRaisedAfter])
FROM [billing].[BudgetPeriodUsage] AS [u]
INNER JOIN [billing].[Budget] AS [b]
    ON [b].[BudgetId] = [u].[BudgetId]
WHERE [u].[BudgetId] = @BudgetId
  AND [u].[PeriodStart] = @PeriodStart
  AND [b].[OrganizationId] = @OrganizationId
  AND [b].[DeletedAt] IS NULL
  AND (   [b].[HardStop] = 0
       OR (    ([b].[LimitAmount] IS NULL OR [u].[SpentAmount] + @Amount <= [b].[LimitAmount])
           AND ([b].[LimitTokens] IS NULL OR [u].[SpentTokens] + @Tokens <= [b].[LimitTokens])));

SET @Updated = @@ROWCOUNT;

IF @Updated = 0
BEGIN
    -- Decide the error while the work is still in place: the budget may have been deleted since the first read;
    -- otherwise a hard limit refused the consumption.
    SET @BudgetGone =
        CASE
            WHEN EXISTS (SELECT 1
                         FROM [billing].[Budget] AS [b]
                         WHERE [b].[BudgetId] = @BudgetId
                           AND [b].[OrganizationId] = @OrganizationId
                           AND [b].[DeletedAt] IS NULL)
            THEN 0
            ELSE 1
        END;

    -- Undo only this procedure's work (the period row it may have inserted): a full ROLLBACK here would also roll
    -- back the caller's transaction (ROLLBACK always goes to the outermost BEGIN TRANSACTION).
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [ConsumeBudgetAt];

    SET XACT_ABORT OFF;

    IF @BudgetGone = 1
    BEGIN
        SET @Message = CONCAT(N'Budget ', @BudgetId, N' does not exist, is deleted or belongs to another organization.');
        THROW 50201, @Message, 1;
    END;

    SET @Message = CONCAT(N'Budget ', @BudgetId, N' would be exceeded by this consumption (amount ',
                          @Amount, N', tokens ', @Tokens, N'); nothing was recorded.');
    THROW 50202, @Message, 1;
END;

IF @TranCount = 0
    COMMIT TRANSACTION;

-- Remaining may be negative for a soft budget (HardStop = 0) that has been overspent.
SELECT @RemainingAmount = [r].[LimitAmount] - [r].[SpentAmount],
       @RemainingTokens = [r].[LimitTokens] - [r].[SpentTokens],
       @AlertRaised = CASE WHEN [r].[AlertRaisedBefore] IS NULL AND [r].[AlertRaisedAfter] IS NOT NULL THEN 1 ELSE 0 END
FROM @Result AS [r];
