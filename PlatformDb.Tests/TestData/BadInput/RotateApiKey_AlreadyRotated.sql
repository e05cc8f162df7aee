-- expect-error: 50110
-- rule: A key already rotated (ReplacedByApiKeyId set) cannot be rotated again: its budgets are on its replacement.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @OtherOrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId, '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE');
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @UserId, 'owner');
DECLARE @OtherUserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OtherOrganizationId, @OtherUserId, 'owner');
DECLARE @ApiKeyId INT;
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
        HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @OtherApiKeyId INT;
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
VALUES (@OtherOrganizationId, @OtherUserId, N'Other key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
        HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
SET @OtherApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @FirstPrefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
DECLARE @FirstHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId,
    @NewKeyPrefix = @FirstPrefix, @NewKeyHash = @FirstHash;
DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId,
    @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
