-- expect-error: 50201
-- rule: Consuming from a budget that does not exist is refused.
DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
EXEC [billing].[ConsumeBudget]
    @OrganizationId = -1, @BudgetId = -1, @Amount = 1, @Tokens = 1,
    @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
