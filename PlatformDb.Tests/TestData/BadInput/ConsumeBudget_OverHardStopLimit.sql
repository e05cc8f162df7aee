-- expect-error: 50202
-- rule: A hard-stop budget refuses a consumption that would take spend past its limit.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @BudgetId INT;
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop])
VALUES (@OrganizationId, 'organization', 'monthly', 10, 1);
SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
EXEC [billing].[ConsumeBudget]
    @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 11, @Tokens = 0,
    @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
