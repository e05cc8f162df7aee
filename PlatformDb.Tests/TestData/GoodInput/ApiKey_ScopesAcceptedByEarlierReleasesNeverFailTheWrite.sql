-- rule: Scope arrays v1.0.0 accepted (blank, over-long, non-string, null and case-duplicate elements, and an array after leading spaces) are stored; the trigger skips the invalid elements instead of failing the write.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ApiKeyId INT;
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'["chat:write","   ","' + REPLICATE(N'x', 401) + N'",7,null,true,{"a":1},["b"],"Chat:Write","chat:write  "]');
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
VALUES (@OrganizationId, @UserId, N'Case key 2', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'  ["usage:read"]');
UPDATE [identity].[ApiKey] SET [Scopes] = N'["", "a/b", "' + REPLICATE(N'y', 500) + N'"]' WHERE [ApiKeyId] = @ApiKeyId;
