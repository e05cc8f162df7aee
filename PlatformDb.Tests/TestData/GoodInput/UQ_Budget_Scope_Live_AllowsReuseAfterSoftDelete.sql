-- rule: After a budget is deleted, its scope and period can get a new budget.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @BudgetId INT;
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
VALUES (@OrganizationId, 'organization', 'monthly', 100);
SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [billing].[Budget] SET [DeletedAt] = SYSUTCDATETIME() WHERE [BudgetId] = @BudgetId;
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 200, NULL, NULL);
