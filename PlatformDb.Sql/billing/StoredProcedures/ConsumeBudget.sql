/*
Adds one consumption (money and/or tokens) to the current period of a budget of the caller's organization,
race-free; the work is done by billing.ConsumeBudgetAt with the server's clock. Since v1.2.0 no caller can pass
the time of the consumption, and a budget of another organization is refused like a missing one.
Safe inside a caller's transaction: a refusal undoes only this call's work and leaves the transaction open.
Errors: 50201 budget not found, deleted or of another organization; 50202 budget would be exceeded
(HardStop = 1); 50203 consumption not positive.
*/
CREATE PROCEDURE [billing].[ConsumeBudget]
    @OrganizationId  INT,
    @BudgetId        INT,
    @Amount          DECIMAL (19, 6),
    @Tokens          BIGINT,
    @RemainingAmount DECIMAL (19, 6) OUTPUT,
    @RemainingTokens BIGINT OUTPUT,
    @AlertRaised     BIT OUTPUT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

-- The internal procedure sets XACT_ABORT itself (ON, and OFF just before a documented refusal); OFF here makes sure
-- a refusal is not judged by this caller's setting instead. Restored when this procedure returns.
SET XACT_ABORT OFF;
EXECUTE [billing].[ConsumeBudgetAt]
    @OrganizationId = @OrganizationId,
    @BudgetId = @BudgetId,
    @Amount = @Amount,
    @Tokens = @Tokens,
    @OccurredAt = @Now,
    @RemainingAmount = @RemainingAmount OUTPUT,
    @RemainingTokens = @RemainingTokens OUTPUT,
    @AlertRaised = @AlertRaised OUTPUT;
