-- expect-error: 50105
-- rule: A scope is at most 400 characters; a longer one is refused, not truncated.
DECLARE @OrganizationId INT;
DECLARE @UserId INT;
DECLARE @ApiKeyId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @Scope NVARCHAR(4000) = REPLICATE(N'a', 401);
EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = @Scope;
