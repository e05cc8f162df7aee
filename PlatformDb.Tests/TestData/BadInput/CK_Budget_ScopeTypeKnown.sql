-- expect: CK_Budget_ScopeTypeKnown
-- expect-or: CK_Budget_ScopeMatchesTarget
-- rule: A budget scope is organization, user or apikey.
-- note: an unknown scope also fails CK_Budget_ScopeMatchesTarget (its OR-list names only known scopes); SQL Server reports one of the two.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'team', NULL, NULL, 'monthly', 'USD', 100, NULL, NULL);
