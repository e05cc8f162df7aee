-- expect-error: 50103
-- rule: A key used after its expiry time is refused (the clock is set through the internal AuthenticateApiKeyAt).
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ApiKeyId INT;
DECLARE @KeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), @KeyHash);
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [identity].[ApiKey] SET [ExpiresAt] = DATEADD(MINUTE, 1, [CreatedAt]) WHERE [ApiKeyId] = @ApiKeyId;
DECLARE @Later DATETIME2(3) = DATEADD(HOUR, 1, SYSUTCDATETIME());
EXEC [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = @Later;
