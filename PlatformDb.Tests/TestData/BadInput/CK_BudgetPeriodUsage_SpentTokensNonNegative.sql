-- expect: CK_BudgetPeriodUsage_SpentTokensNonNegative
-- rule: Tokens spent in a period are never negative.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @BudgetId INT;
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
VALUES (@OrganizationId, 'organization', 'monthly', 100);
SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
VALUES (@BudgetId, CAST(SYSUTCDATETIME() AS DATE), 0, -1);
