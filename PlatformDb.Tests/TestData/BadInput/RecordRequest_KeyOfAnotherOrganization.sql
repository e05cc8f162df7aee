-- expect-error: 50301
-- rule: RecordRequest refuses another organization's key like a missing one; nothing is charged or written.
SET QUOTED_IDENTIFIER ON;
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
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ModelId INT;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
VALUES (@ProviderId, 'case-model', N'Case model', 128000);
SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
VALUES (@ModelId, 'USD', 2.5, 10, DATEADD(DAY, -30, SYSUTCDATETIME()));
DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
EXECUTE [billing].[RecordRequest]
    @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @UserId = @UserId, @RequestId = @RequestId, @ModelId = @ModelId,
    @OccurredAt = @At, @PromptTokens = 10, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300,
    @TimeToFirstTokenMs = 100, @StatusCode = 200;
