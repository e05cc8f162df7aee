-- expect: CK_Budget_DeletedAfterCreated
-- rule: A budget cannot be deleted before it was created.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @BudgetId INT;
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
VALUES (@OrganizationId, 'organization', 'monthly', 100);
SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [billing].[Budget] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [BudgetId] = @BudgetId;
