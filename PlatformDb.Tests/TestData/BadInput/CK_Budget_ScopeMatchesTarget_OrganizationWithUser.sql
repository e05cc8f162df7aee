-- expect: CK_Budget_ScopeMatchesTarget
-- rule: An organization budget names neither a user nor a key.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', @UserId, NULL, 'monthly', 'USD', 100, NULL, NULL);
