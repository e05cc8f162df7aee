-- rule: Hard-deleting a key that has scope rows and a last-use row succeeds (FK_ApiKeyScope_ApiKey and FK_ApiKeyLastUse_ApiKey cascade).
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
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'["chat:write","usage:read"]');
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt]) VALUES (@ApiKeyId, SYSUTCDATETIME());
DELETE FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
IF EXISTS (SELECT 1 FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId)
    THROW 50000, N'Scope rows survived the hard delete of their key.', 1;
IF EXISTS (SELECT 1 FROM [identity].[ApiKeyLastUse] WHERE [ApiKeyId] = @ApiKeyId)
    THROW 50000, N'The last-use row survived the hard delete of its key.', 1;
