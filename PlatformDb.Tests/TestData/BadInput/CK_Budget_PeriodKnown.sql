-- expect: CK_Budget_PeriodKnown
-- rule: A budget period is daily, weekly, monthly or lifetime.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', NULL, NULL, 'yearly', 'USD', 100, NULL, NULL);
