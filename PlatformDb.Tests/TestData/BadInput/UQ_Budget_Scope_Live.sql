-- expect: UQ_Budget_Scope_Live
-- rule: A scope has at most one live budget per period.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, NULL);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 200, NULL, NULL);
