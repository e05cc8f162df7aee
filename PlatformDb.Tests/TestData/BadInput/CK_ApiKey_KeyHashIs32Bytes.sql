-- expect: CK_ApiKey_KeyHashIs32Bytes
-- rule: The stored key hash is a 32-byte SHA-256 or HMAC-SHA-256 value.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA1', CONVERT(VARCHAR(36), NEWID())));
