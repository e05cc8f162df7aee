-- Generated from PlatformDb.Tests/TestData/BadInput and GoodInput: do not edit.
-- Regenerate: PLATFORMDB_REGENERATE_TSQLT=1 dotnet test (see PlatformDb.Tests/tSQLt/README.md).
-- A bad case expects its error number, or an error naming its constraint or index (or an '-- expect-or:'
-- alternative); a good case expects no error. Each test runs in the transaction tSQLt rolls back.
EXECUTE tSQLt.NewTestClass @ClassName = N'InputCaseTests';
GO
-- rule: AddMember refuses an actor who is not an owner or admin of the organization (here the owner of another one).
CREATE PROCEDURE [InputCaseTests].[test bad input AddMember_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50504;
    -- expect-error: 50504
    -- rule: AddMember refuses an actor who is not an owner or admin of the organization (here the owner of another one).
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
    DECLARE @NewUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'New user');
    SET @NewUserId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @NewUserId, @Role = 'member', @ActorUserId = @OtherUserId;
END;
GO
-- rule: A live member cannot be added twice.
CREATE PROCEDURE [InputCaseTests].[test bad input AddMember_AlreadyMember is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50506;
    -- expect-error: 50506
    -- rule: A live member cannot be added twice.
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
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'member', @ActorUserId = @UserId;
END;
GO
-- rule: A role is one of owner, admin, member, billing, viewer.
CREATE PROCEDURE [InputCaseTests].[test bad input AddMember_UnknownRole is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50505;
    -- expect-error: 50505
    -- rule: A role is one of owner, admin, member, billing, viewer.
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
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @OtherUserId, @Role = 'superuser', @ActorUserId = @UserId;
END;
GO
-- rule: Only a live user can be added.
CREATE PROCEDURE [InputCaseTests].[test bad input AddMember_UnknownUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50503;
    -- expect-error: 50503
    -- rule: Only a live user can be added.
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
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @OtherUserId;
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @OtherUserId, @Role = 'member', @ActorUserId = @UserId;
END;
GO
-- rule: Audit chain links cannot be deleted.
CREATE PROCEDURE [InputCaseTests].[test bad input AuditChain_Delete is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50403;
    -- expect-error: 50403
    -- rule: Audit chain links cannot be deleted.
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    DELETE FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId;
END;
GO
-- rule: Audit chain links cannot be updated.
CREATE PROCEDURE [InputCaseTests].[test bad input AuditChain_Update is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50403;
    -- expect-error: 50403
    -- rule: Audit chain links cannot be updated.
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    UPDATE [audit].[AuditChain] SET [RowHash] = HASHBYTES('SHA2_256', N'forged') WHERE [AuditEventId] = @AuditEventId;
END;
GO
-- rule: Audit events cannot be deleted.
CREATE PROCEDURE [InputCaseTests].[test bad input AuditEvent_Delete is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50401;
    -- expect-error: 50401
    -- rule: Audit events cannot be deleted.
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    DELETE FROM [audit].[AuditEvent] WHERE [AuditEventId] = @AuditEventId;
END;
GO
-- rule: Audit events cannot be updated.
CREATE PROCEDURE [InputCaseTests].[test bad input AuditEvent_Update is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50401;
    -- expect-error: 50401
    -- rule: Audit events cannot be updated.
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    UPDATE [audit].[AuditEvent] SET [RequestId] = 'rewritten' WHERE [AuditEventId] = @AuditEventId;
END;
GO
-- rule: A soft-deleted key is refused as unknown.
CREATE PROCEDURE [InputCaseTests].[test bad input AuthenticateApiKey_DeletedKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50101;
    -- expect-error: 50101
    -- rule: A soft-deleted key is refused as unknown.
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
    UPDATE [identity].[ApiKey] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ApiKeyId] = @ApiKeyId;
    EXEC [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO
-- rule: A key used after its expiry time is refused (the clock is set through the internal AuthenticateApiKeyAt).
CREATE PROCEDURE [InputCaseTests].[test bad input AuthenticateApiKey_ExpiredKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50103;
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
END;
GO
-- rule: A key of a soft-deleted organization is refused as unknown.
CREATE PROCEDURE [InputCaseTests].[test bad input AuthenticateApiKey_KeyOfDeletedOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50101;
    -- expect-error: 50101
    -- rule: A key of a soft-deleted organization is refused as unknown.
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
    UPDATE [tenancy].[Organization] SET [DeletedAt] = SYSUTCDATETIME() WHERE [OrganizationId] = @OrganizationId;
    EXEC [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO
-- rule: A revoked key is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input AuthenticateApiKey_RevokedKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50102;
    -- expect-error: 50102
    -- rule: A revoked key is refused.
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = @UserId WHERE [ApiKeyId] = @ApiKeyId;
    EXEC [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO
-- rule: A key hash that matches no key is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input AuthenticateApiKey_UnknownKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50101;
    -- expect-error: 50101
    -- rule: A key hash that matches no key is refused.
    DECLARE @KeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXEC [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO
-- rule: A scope is not blank.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKeyScope_ScopeNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKeyScope[_]ScopeNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_ApiKeyScope_ScopeNotBlank
    -- rule: A scope is not blank.
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
    INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
    VALUES (@ApiKeyId, N'   ');
END;
GO
-- rule: A key cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_DeletedAfterCreated
    -- rule: A key cannot be deleted before it was created.
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
    UPDATE [identity].[ApiKey] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ApiKeyId] = @ApiKeyId;
END;
GO
-- rule: A key cannot expire before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_ExpiresAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]ExpiresAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_ExpiresAfterCreated
    -- rule: A key cannot expire before it was created.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [ExpiresAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -1, SYSUTCDATETIME()));
END;
GO
-- rule: The stored key hash is a 32-byte SHA-256 or HMAC-SHA-256 value.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_KeyHashIs32Bytes is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]KeyHashIs32Bytes[^A-Za-z0-9_]%';
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
END;
GO
-- rule: A key prefix is 8 to 16 characters of A-Z, a-z, 0-9 and underscore.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_KeyPrefixShape_Hyphen is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]KeyPrefixShape[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_KeyPrefixShape
    -- rule: A key prefix is 8 to 16 characters of A-Z, a-z, 0-9 and underscore.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Case key', 'pk-live-1234', HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: A key prefix is 8 to 16 characters of A-Z, a-z, 0-9 and underscore.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_KeyPrefixShape_TooShort is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]KeyPrefixShape[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_KeyPrefixShape
    -- rule: A key prefix is 8 to 16 characters of A-Z, a-z, 0-9 and underscore.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Case key', 'pk_1234', HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: A key cannot have been used before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_LastUsedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]LastUsedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_LastUsedAfterCreated
    -- rule: A key cannot have been used before it was created.
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
    UPDATE [identity].[ApiKey] SET [LastUsedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ApiKeyId] = @ApiKeyId;
END;
GO
-- rule: An API key's name is not empty or only spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_NameNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]NameNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_NameNotBlank
    -- rule: An API key's name is not empty or only spaces.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'   ', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: A key cannot be revoked before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_RevokedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]RevokedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_RevokedAfterCreated
    -- rule: A key cannot be revoked before it was created.
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ApiKeyId] = @ApiKeyId;
END;
GO
-- rule: A revoking user is only recorded together with the revocation time.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_RevokedByWithRevokedAt is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]RevokedByWithRevokedAt[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_RevokedByWithRevokedAt
    -- rule: A revoking user is only recorded together with the revocation time.
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
    UPDATE [identity].[ApiKey] SET [RevokedByUserId] = @UserId WHERE [ApiKeyId] = @ApiKeyId;
END;
GO
-- rule: Scopes are a JSON array whose first non-space character is [ (as in v1.1.0, which a rollback re-checks): an array after a newline is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_ScopesIsJsonArray_LeadingNewline is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]ScopesIsJsonArray[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_ScopesIsJsonArray
    -- rule: Scopes are a JSON array whose first non-space character is [ (as in v1.1.0, which a rollback re-checks): an array after a newline is refused.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), NCHAR(10) + N'["chat:write"]');
END;
GO
-- rule: Scopes are a JSON array of scope strings.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_ScopesIsJsonArray_NotJson is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]ScopesIsJsonArray[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_ScopesIsJsonArray
    -- rule: Scopes are a JSON array of scope strings.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'chat:write usage:read');
END;
GO
-- rule: Scopes are a JSON array of scope strings.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_ScopesIsJsonArray_Object is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]ScopesIsJsonArray[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_ScopesIsJsonArray
    -- rule: Scopes are a JSON array of scope strings.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'{"scope": "chat:write"}');
END;
GO
-- rule: Scopes are a JSON array; a single JSON string is not one.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ApiKey_ScopesIsJsonArray_Scalar is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ApiKey[_]ScopesIsJsonArray[^A-Za-z0-9_]%';
    -- expect: CK_ApiKey_ScopesIsJsonArray
    -- rule: Scopes are a JSON array; a single JSON string is not one.
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
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'"chat:write"');
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
END;
GO
-- rule: Chain positions start at 1.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditChain_PositionPositive is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessage = N'InputCaseTests: the case was refused with an error naming CK_AuditChain_PositionPositive or CK_AuditChain_PreviousHashOnlyMissingAtStart.', @ExpectedErrorNumber = 50000;
    DECLARE @InputCaseErrorMessage NVARCHAR(4000) = NULL;
    BEGIN TRY
        -- expect: CK_AuditChain_PositionPositive
        -- expect-or: CK_AuditChain_PreviousHashOnlyMissingAtStart
        -- rule: Chain positions start at 1.
        DECLARE @AuditEventId BIGINT;
        -- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
        DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
        INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
        VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
        SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
        ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
        INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
        VALUES (@AuditEventId, 0, HASHBYTES('SHA2_256', N'previous'), HASHBYTES('SHA2_256', N'row'));
    END TRY
    BEGIN CATCH
        SET @InputCaseErrorMessage = ERROR_MESSAGE();
    END CATCH;
    IF @InputCaseErrorMessage IS NULL
        EXECUTE tSQLt.Fail N'Expected an error naming CK_AuditChain_PositionPositive or CK_AuditChain_PreviousHashOnlyMissingAtStart; the case ran without one.';
    IF NOT (@InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]AuditChain[_]PositionPositive[^A-Za-z0-9_]%' OR @InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]AuditChain[_]PreviousHashOnlyMissingAtStart[^A-Za-z0-9_]%')
        EXECUTE tSQLt.Fail N'Expected an error naming CK_AuditChain_PositionPositive or CK_AuditChain_PreviousHashOnlyMissingAtStart; got: ', @InputCaseErrorMessage;
    THROW 50000, N'InputCaseTests: the case was refused with an error naming CK_AuditChain_PositionPositive or CK_AuditChain_PreviousHashOnlyMissingAtStart.', 1;
END;
GO
-- rule: Every link after the first names the hash of the link before it.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditChain_PreviousHashOnlyMissingAtStart is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditChain[_]PreviousHashOnlyMissingAtStart[^A-Za-z0-9_]%';
    -- expect: CK_AuditChain_PreviousHashOnlyMissingAtStart
    -- rule: Every link after the first names the hash of the link before it.
    DECLARE @AuditEventId BIGINT;
    -- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
    DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    VALUES (@AuditEventId, 9000000000000000002, NULL, HASHBYTES('SHA2_256', N'row'));
END;
GO
-- rule: A link's hash is a SHA-256 value (32 bytes).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditChain_RowHashIs32Bytes is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditChain[_]RowHashIs32Bytes[^A-Za-z0-9_]%';
    -- expect: CK_AuditChain_RowHashIs32Bytes
    -- rule: A link's hash is a SHA-256 value (32 bytes).
    DECLARE @AuditEventId BIGINT;
    -- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
    DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    VALUES (@AuditEventId, 9000000000000000003, HASHBYTES('SHA2_256', N'previous'), 0x01);
END;
GO
-- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActionShape_NoDot is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActionShape[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_ActionShape
    -- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'revoke', NULL, NULL, NULL);
END;
GO
-- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActionShape_Space is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActionShape[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_ActionShape
    -- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'apikey.revoke now', NULL, NULL, NULL);
END;
GO
-- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActionShape_UpperCase is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActionShape[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_ActionShape
    -- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'ApiKey.Revoke', NULL, NULL, NULL);
END;
GO
-- rule: A user event names its user and no key (apikey: the key only; system: neither).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActorMatchesType is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActorMatchesType[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_ActorMatchesType
    -- rule: A user event names its user and no key (apikey: the key only; system: neither).
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'user', NULL, NULL, 'case.append', NULL, NULL, NULL);
END;
GO
-- rule: A system event names no user and no key.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActorMatchesType_SystemWithUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActorMatchesType[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_ActorMatchesType
    -- rule: A system event names no user and no key.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', @UserId, NULL, 'case.append', NULL, NULL, NULL);
END;
GO
-- rule: An actor type is user, apikey or system.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_ActorTypeKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessage = N'InputCaseTests: the case was refused with an error naming CK_AuditEvent_ActorTypeKnown or CK_AuditEvent_ActorMatchesType.', @ExpectedErrorNumber = 50000;
    DECLARE @InputCaseErrorMessage NVARCHAR(4000) = NULL;
    BEGIN TRY
        -- expect: CK_AuditEvent_ActorTypeKnown
        -- expect-or: CK_AuditEvent_ActorMatchesType
        -- rule: An actor type is user, apikey or system.
        -- note: an unknown actor type also fails CK_AuditEvent_ActorMatchesType (its OR-list names only known types); SQL Server reports one of the two.
        INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
        VALUES (NULL, 'robot', NULL, NULL, 'case.append', NULL, NULL, NULL);
    END TRY
    BEGIN CATCH
        SET @InputCaseErrorMessage = ERROR_MESSAGE();
    END CATCH;
    IF @InputCaseErrorMessage IS NULL
        EXECUTE tSQLt.Fail N'Expected an error naming CK_AuditEvent_ActorTypeKnown or CK_AuditEvent_ActorMatchesType; the case ran without one.';
    IF NOT (@InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActorTypeKnown[^A-Za-z0-9_]%' OR @InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]ActorMatchesType[^A-Za-z0-9_]%')
        EXECUTE tSQLt.Fail N'Expected an error naming CK_AuditEvent_ActorTypeKnown or CK_AuditEvent_ActorMatchesType; got: ', @InputCaseErrorMessage;
    THROW 50000, N'InputCaseTests: the case was refused with an error naming CK_AuditEvent_ActorTypeKnown or CK_AuditEvent_ActorMatchesType.', 1;
END;
GO
-- rule: Details, when given, are JSON.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_DetailsIsJson is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]DetailsIsJson[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_DetailsIsJson
    -- rule: Details, when given, are JSON.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, N'{not json');
END;
GO
-- rule: A target id is only recorded with its target type.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_AuditEvent_TargetIdNeedsType is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]AuditEvent[_]TargetIdNeedsType[^A-Za-z0-9_]%';
    -- expect: CK_AuditEvent_TargetIdNeedsType
    -- rule: A target id is only recorded with its target type.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, '42', NULL);
END;
GO
-- rule: Money spent in a period is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_BudgetPeriodUsage_SpentAmountNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]BudgetPeriodUsage[_]SpentAmountNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_BudgetPeriodUsage_SpentAmountNonNegative
    -- rule: Money spent in a period is never negative.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
    VALUES (@BudgetId, CAST(SYSUTCDATETIME() AS DATE), -1, 0);
END;
GO
-- rule: Tokens spent in a period are never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_BudgetPeriodUsage_SpentTokensNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]BudgetPeriodUsage[_]SpentTokensNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_BudgetPeriodUsage_SpentTokensNonNegative
    -- rule: Tokens spent in a period are never negative.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
    VALUES (@BudgetId, CAST(SYSUTCDATETIME() AS DATE), 0, -1);
END;
GO
-- rule: An alert threshold, when set, is a fraction above 0 and at most 1.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_AlertThresholdBetween0And1 is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]AlertThresholdBetween0And1[^A-Za-z0-9_]%';
    -- expect: CK_Budget_AlertThresholdBetween0And1
    -- rule: An alert threshold, when set, is a fraction above 0 and at most 1.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, 1.5);
END;
GO
-- rule: An alert threshold, when set, is a fraction above 0 and at most 1.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_AlertThresholdBetween0And1_Zero is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]AlertThresholdBetween0And1[^A-Za-z0-9_]%';
    -- expect: CK_Budget_AlertThresholdBetween0And1
    -- rule: An alert threshold, when set, is a fraction above 0 and at most 1.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, 0);
END;
GO
-- rule: A currency is three upper-case letters (ISO 4217 shape).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_CurrencyIsIso4217Shape is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]CurrencyIsIso4217Shape[^A-Za-z0-9_]%';
    -- expect: CK_Budget_CurrencyIsIso4217Shape
    -- rule: A currency is three upper-case letters (ISO 4217 shape).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'eur', 100, NULL, NULL);
END;
GO
-- rule: A budget cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_Budget_DeletedAfterCreated
    -- rule: A budget cannot be deleted before it was created.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [billing].[Budget] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [BudgetId] = @BudgetId;
END;
GO
-- rule: A budget limits money, tokens or both.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_HasLimit is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]HasLimit[^A-Za-z0-9_]%';
    -- expect: CK_Budget_HasLimit
    -- rule: A budget limits money, tokens or both.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', NULL, NULL, NULL);
END;
GO
-- rule: A money limit, when set, is positive.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_LimitAmountPositive is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]LimitAmountPositive[^A-Za-z0-9_]%';
    -- expect: CK_Budget_LimitAmountPositive
    -- rule: A money limit, when set, is positive.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 0, NULL, NULL);
END;
GO
-- rule: A token limit, when set, is positive.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_LimitTokensPositive is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]LimitTokensPositive[^A-Za-z0-9_]%';
    -- expect: CK_Budget_LimitTokensPositive
    -- rule: A token limit, when set, is positive.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', NULL, 0, NULL);
END;
GO
-- rule: A budget period is daily, weekly, monthly or lifetime.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_PeriodKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]PeriodKnown[^A-Za-z0-9_]%';
    -- expect: CK_Budget_PeriodKnown
    -- rule: A budget period is daily, weekly, monthly or lifetime.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'yearly', 'USD', 100, NULL, NULL);
END;
GO
-- rule: A user budget names a user and no key (organization: neither; apikey: the key only).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_ScopeMatchesTarget is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]ScopeMatchesTarget[^A-Za-z0-9_]%';
    -- expect: CK_Budget_ScopeMatchesTarget
    -- rule: A user budget names a user and no key (organization: neither; apikey: the key only).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'user', NULL, NULL, 'monthly', 'USD', 100, NULL, NULL);
END;
GO
-- rule: An organization budget names neither a user nor a key.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_ScopeMatchesTarget_OrganizationWithUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Budget[_]ScopeMatchesTarget[^A-Za-z0-9_]%';
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
END;
GO
-- rule: A budget scope is organization, user or apikey.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Budget_ScopeTypeKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessage = N'InputCaseTests: the case was refused with an error naming CK_Budget_ScopeTypeKnown or CK_Budget_ScopeMatchesTarget.', @ExpectedErrorNumber = 50000;
    DECLARE @InputCaseErrorMessage NVARCHAR(4000) = NULL;
    BEGIN TRY
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
    END TRY
    BEGIN CATCH
        SET @InputCaseErrorMessage = ERROR_MESSAGE();
    END CATCH;
    IF @InputCaseErrorMessage IS NULL
        EXECUTE tSQLt.Fail N'Expected an error naming CK_Budget_ScopeTypeKnown or CK_Budget_ScopeMatchesTarget; the case ran without one.';
    IF NOT (@InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]Budget[_]ScopeTypeKnown[^A-Za-z0-9_]%' OR @InputCaseErrorMessage LIKE N'%[^A-Za-z0-9_]CK[_]Budget[_]ScopeMatchesTarget[^A-Za-z0-9_]%')
        EXECUTE tSQLt.Fail N'Expected an error naming CK_Budget_ScopeTypeKnown or CK_Budget_ScopeMatchesTarget; got: ', @InputCaseErrorMessage;
    THROW 50000, N'InputCaseTests: the case was refused with an error naming CK_Budget_ScopeTypeKnown or CK_Budget_ScopeMatchesTarget.', 1;
END;
GO
-- rule: The environment is dev, test, staging or prod.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DatabaseEnvironment_EnvironmentKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DatabaseEnvironment[_]EnvironmentKnown[^A-Za-z0-9_]%';
    -- expect: CK_DatabaseEnvironment_EnvironmentKnown
    -- rule: The environment is dev, test, staging or prod.
    UPDATE [ops].[DatabaseEnvironment] SET [Environment] = 'qa' WHERE [DatabaseEnvironmentId] = 1;
    INSERT INTO [ops].[DatabaseEnvironment] ([DatabaseEnvironmentId], [Environment])
    SELECT 1, 'qa' WHERE NOT EXISTS (SELECT 1 FROM [ops].[DatabaseEnvironment]);
END;
GO
-- rule: ops.DatabaseEnvironment holds one row at most: its key is always 1.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DatabaseEnvironment_SingleRow is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DatabaseEnvironment[_]SingleRow[^A-Za-z0-9_]%';
    -- expect: CK_DatabaseEnvironment_SingleRow
    -- rule: ops.DatabaseEnvironment holds one row at most: its key is always 1.
    INSERT INTO [ops].[DatabaseEnvironment] ([DatabaseEnvironmentId], [Environment])
    VALUES (2, 'dev');
END;
GO
-- rule: A deployment action is apply or rollback.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_ActionKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]ActionKnown[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_ActionKnown
    -- rule: A deployment action is apply or rollback.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('1.0.0', 'deploy', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
END;
GO
-- rule: A failed deployment says what went wrong.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_FailedHasMessage is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]FailedHasMessage[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_FailedHasMessage
    -- rule: A failed deployment says what went wrong.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status], [FinishedAt])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'failed', DATEADD(MINUTE, 1, SYSUTCDATETIME()));
END;
GO
-- rule: A deployment cannot have finished before it was recorded.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_FinishedAfterDeployed is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]FinishedAfterDeployed[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_FinishedAfterDeployed
    -- rule: A deployment cannot have finished before it was recorded.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [FinishedAt])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'completed', '2026-12-01T09:00:00');
END;
GO
-- rule: The schema of a deployment cannot have been applied before the deployment was recorded.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_SchemaAppliedAfterDeployed is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]SchemaAppliedAfterDeployed[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_SchemaAppliedAfterDeployed
    -- rule: The schema of a deployment cannot have been applied before the deployment was recorded.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'schema-applied', '2026-12-01T09:59:59');
END;
GO
-- rule: A deployment's status is started, schema-applied, completed or failed.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_StatusKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]StatusKnown[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_StatusKnown
    -- rule: A deployment's status is started, schema-applied, completed or failed.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'running');
END;
GO
-- rule: A deployed version looks like 'major.minor.patch' or is 'current'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_DeploymentHistory_VersionShape is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]DeploymentHistory[_]VersionShape[^A-Za-z0-9_]%';
    -- expect: CK_DeploymentHistory_VersionShape
    -- rule: A deployed version looks like 'major.minor.patch' or is 'current'.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('v1', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
END;
GO
-- rule: A member cannot be removed before the membership was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Membership_RemovedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Membership[_]RemovedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_Membership_RemovedAfterCreated
    -- rule: A member cannot be removed before the membership was created.
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
    UPDATE [tenancy].[Membership]
    SET [RemovedAt] = DATEADD(DAY, -1, [CreatedAt])
    WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId;
END;
GO
-- rule: A role is one of owner, admin, member, billing, viewer.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Membership_RoleKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Membership[_]RoleKnown[^A-Za-z0-9_]%';
    -- expect: CK_Membership_RoleKnown
    -- rule: A role is one of owner, admin, member, billing, viewer.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'superuser');
END;
GO
-- rule: A currency is three upper-case letters (ISO 4217 shape).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ModelPrice_CurrencyIsIso4217Shape is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ModelPrice[_]CurrencyIsIso4217Shape[^A-Za-z0-9_]%';
    -- expect: CK_ModelPrice_CurrencyIsIso4217Shape
    -- rule: A currency is three upper-case letters (ISO 4217 shape).
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'usd', 2.5, 10, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: A price period, when closed, ends after it starts.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ModelPrice_EffectiveToAfterFrom is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ModelPrice[_]EffectiveToAfterFrom[^A-Za-z0-9_]%';
    -- expect: CK_ModelPrice_EffectiveToAfterFrom
    -- rule: A price period, when closed, ends after it starts.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 2.5, 10, '2025-01-01T00:00:00', '2025-01-01T00:00:00');
END;
GO
-- rule: An input price is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ModelPrice_InputPriceNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ModelPrice[_]InputPriceNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_ModelPrice_InputPriceNonNegative
    -- rule: An input price is never negative.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', -0.01, 10, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: An output price is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ModelPrice_OutputPriceNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ModelPrice[_]OutputPriceNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_ModelPrice_OutputPriceNonNegative
    -- rule: An output price is never negative.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 2.5, -0.01, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: A context window holds at least one token.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_ContextWindowPositive is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]ContextWindowPositive[^A-Za-z0-9_]%';
    -- expect: CK_Model_ContextWindowPositive
    -- rule: A context window holds at least one token.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 0, NULL, 'active');
END;
GO
-- rule: A model cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_Model_DeletedAfterCreated
    -- rule: A model cannot be deleted before it was created.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [catalog].[Model] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ModelId] = @ModelId;
END;
GO
-- rule: The output limit, when given, is positive and fits in the context window.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_MaxOutputWithinContext is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]MaxOutputWithinContext[^A-Za-z0-9_]%';
    -- expect: CK_Model_MaxOutputWithinContext
    -- rule: The output limit, when given, is positive and fits in the context window.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 8192, 16384, 'active');
END;
GO
-- rule: The output limit, when given, is positive and fits in the context window.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_MaxOutputWithinContext_Zero is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]MaxOutputWithinContext[^A-Za-z0-9_]%';
    -- expect: CK_Model_MaxOutputWithinContext
    -- rule: The output limit, when given, is positive and fits in the context window.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000, 0, 'active');
END;
GO
-- rule: A model's provider-side name is not empty or only spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_NameNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]NameNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_Model_NameNotBlank
    -- rule: A model's provider-side name is not empty or only spaces.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, '  ', N'Case model', 128000, NULL, 'active');
END;
GO
-- rule: A model status is one of preview, active, deprecated, retired.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Model_StatusKnown is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Model[_]StatusKnown[^A-Za-z0-9_]%';
    -- expect: CK_Model_StatusKnown
    -- rule: A model status is one of preview, active, deprecated, retired.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000, NULL, 'beta');
END;
GO
-- rule: An organization cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_Organization_DeletedAfterCreated
    -- rule: An organization cannot be deleted before it was created.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[Organization] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [OrganizationId] = @OrganizationId;
END;
GO
-- rule: An organization's display name is not empty or only spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_DisplayNameNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]DisplayNameNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_Organization_DisplayNameNotBlank
    -- rule: An organization's display name is not empty or only spaces.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'   ');
END;
GO
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_SlugShape_LeadingHyphen is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]SlugShape[^A-Za-z0-9_]%';
    -- expect: CK_Organization_SlugShape
    -- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('-acme', N'Bad slug');
END;
GO
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_SlugShape_TooShort is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]SlugShape[^A-Za-z0-9_]%';
    -- expect: CK_Organization_SlugShape
    -- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('ab', N'Bad slug');
END;
GO
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_SlugShape_TrailingHyphen is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]SlugShape[^A-Za-z0-9_]%';
    -- expect: CK_Organization_SlugShape
    -- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('acme-', N'Bad slug');
END;
GO
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_SlugShape_Underscore is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]SlugShape[^A-Za-z0-9_]%';
    -- expect: CK_Organization_SlugShape
    -- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('acme_corp', N'Bad slug');
END;
GO
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Organization_SlugShape_UpperCase is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Organization[_]SlugShape[^A-Za-z0-9_]%';
    -- expect: CK_Organization_SlugShape
    -- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('Acme-Corp', N'Bad slug');
END;
GO
-- rule: A plaintext key stored as bytes is refused (it does not start with the version byte).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_CiphertextIsEnvelope_Plaintext is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]CiphertextIsEnvelope[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_CiphertextIsEnvelope
    -- rule: A plaintext key stored as bytes is refused (it does not start with the version byte).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), CONVERT(VARBINARY(8000), 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz'), @UserId);
END;
GO
-- rule: A version-1 envelope holds version, 12-byte nonce, 16-byte tag and at least one byte (30 bytes).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_CiphertextIsEnvelope_TooShort is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]CiphertextIsEnvelope[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_CiphertextIsEnvelope
    -- rule: A version-1 envelope holds version, 12-byte nonce, 16-byte tag and at least one byte (30 bytes).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(28), @UserId);
END;
GO
-- rule: The ciphertext starts with the format version byte 0x01.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_CiphertextIsEnvelope_UnknownVersion is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]CiphertextIsEnvelope[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_CiphertextIsEnvelope
    -- rule: The ciphertext starts with the format version byte 0x01.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x02 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A key id names a key version after a slash.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_KeyIdShape_NoVersion is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]KeyIdShape[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_KeyIdShape
    -- rule: A key id names a key version after a slash.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A key id is printable ASCII without spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_KeyIdShape_Space is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]KeyIdShape[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_KeyIdShape
    -- rule: A key id is printable ASCII without spaces.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: The version after the last slash of a key id is not empty.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_KeyIdShape_TrailingSlash is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]KeyIdShape[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_KeyIdShape
    -- rule: The version after the last slash of a key id is not empty.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A credential label is not blank.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_LabelNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]LabelNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_LabelNotBlank
    -- rule: A credential label is not blank.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'   ', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A credential is not revoked before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_RevokedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]RevokedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_RevokedAfterCreated
    -- rule: A credential is not revoked before it was created.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RevokedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ProviderCredentialId] = @ProviderCredentialId;
END;
GO
-- rule: The revoking user is only set together with the revocation time.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_RevokedByWithRevokedAt is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]RevokedByWithRevokedAt[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_RevokedByWithRevokedAt
    -- rule: The revoking user is only set together with the revocation time.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RevokedByUserId] = @UserId WHERE [ProviderCredentialId] = @ProviderCredentialId;
END;
GO
-- rule: A data key is not re-wrapped before the credential was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_RewrappedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]RewrappedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_RewrappedAfterCreated
    -- rule: A data key is not re-wrapped before the credential was created.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RewrappedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ProviderCredentialId] = @ProviderCredentialId;
END;
GO
-- rule: A wrapped 256-bit data key is at least 40 bytes (a raw 32-byte key is not wrapped).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_ProviderCredential_WrappedDataKeyLength is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]ProviderCredential[_]WrappedDataKeyLength[^A-Za-z0-9_]%';
    -- expect: CK_ProviderCredential_WrappedDataKeyLength
    -- rule: A wrapped 256-bit data key is at least 40 bytes (a raw 32-byte key is not wrapped).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(32), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A provider code is lower-case a-z, 0-9 and hyphens.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Provider_CodeShape is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Provider[_]CodeShape[^A-Za-z0-9_]%';
    -- expect: CK_Provider_CodeShape
    -- rule: A provider code is lower-case a-z, 0-9 and hyphens.
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('Open_AI', N'Bad code');
END;
GO
-- rule: A provider cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_Provider_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]Provider[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_Provider_DeletedAfterCreated
    -- rule: A provider cannot be deleted before it was created.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [catalog].[Provider] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ProviderId] = @ProviderId;
END;
GO
-- rule: Daily totals are never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageDaily_CountsNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageDaily[_]CountsNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_UsageDaily_CountsNonNegative
    -- rule: Daily totals are never negative.
    SET QUOTED_IDENTIFIER ON;
    INSERT INTO [usage].[UsageDaily] ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [ComputedAt])
    VALUES (1, 1, '2026-01-01', 1, -5, 0, 0, 0, 10, 0, 0, 0, SYSUTCDATETIME());
END;
GO
-- rule: A day cannot have more errors than requests.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageDaily_ErrorsWithinRequests is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageDaily[_]ErrorsWithinRequests[^A-Za-z0-9_]%';
    -- expect: CK_UsageDaily_ErrorsWithinRequests
    -- rule: A day cannot have more errors than requests.
    SET QUOTED_IDENTIFIER ON;
    INSERT INTO [usage].[UsageDaily] ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [ComputedAt])
    VALUES (1, 1, '2026-01-01', 1, 0, 0, 0, 2, 10, 0, 0, 0, SYSUTCDATETIME());
END;
GO
-- rule: A cost is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_CostNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]CostNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_CostNonNegative
    -- rule: A cost is never negative.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 200, NULL, -0.000001, 'USD', 1, NULL);
END;
GO
-- rule: Usage is priced in USD.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_CurrencyIsUsd is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]CurrencyIsUsd[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_CurrencyIsUsd
    -- rule: Usage is priced in USD.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'EUR', 1, NULL);
END;
GO
-- rule: An error class is lower-case a-z, 0-9 and underscore.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_ErrorClassShape is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]ErrorClassShape[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_ErrorClassShape
    -- rule: An error class is lower-case a-z, 0-9 and underscore.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 429, 'Rate Limit', 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: The hour bucket is a whole hour.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_HourBucketIsHour is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]HourBucketIsHour[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_HourBucketIsHour
    -- rule: The hour bucket is a whole hour.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (DATEADD(MINUTE, 30, @Hour), DATEADD(MINUTE, 31, @Hour), 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: Latency is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_LatencyNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]LatencyNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_LatencyNonNegative
    -- rule: Latency is never negative.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, -1, NULL, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: The event happened within its hour bucket.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_OccurredAtInHourBucket is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]OccurredAtInHourBucket[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_OccurredAtInHourBucket
    -- rule: The event happened within its hour bucket.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, DATEADD(HOUR, 2, @Hour), 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: A usage event carries a request id.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_RequestIdNotBlank is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]RequestIdNotBlank[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_RequestIdNotBlank
    -- rule: A usage event carries a request id.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, '', 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: The shard is one of eight (0..7).
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_ShardBetween0And7 is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]ShardBetween0And7[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_ShardBetween0And7
    -- rule: The shard is one of eight (0..7).
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 8, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: The status is an HTTP status code.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_StatusCodeIsHttp is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]StatusCodeIsHttp[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_StatusCodeIsHttp
    -- rule: The status is an HTTP status code.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 600, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: Tags are a JSON object.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_TagsIsJsonObject is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]TagsIsJsonObject[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_TagsIsJsonObject
    -- rule: Tags are a JSON object.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, N'["a"]');
END;
GO
-- rule: The first token arrives within the request's latency.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_TimeToFirstTokenWithinLatency is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]TimeToFirstTokenWithinLatency[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_TimeToFirstTokenWithinLatency
    -- rule: The first token arrives within the request's latency.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, 20, 0, 300, 301, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: Token counts are never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UsageEvent_TokensNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UsageEvent[_]TokensNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_UsageEvent_TokensNonNegative
    -- rule: Token counts are never negative.
    -- note: direct insert (dbo); the ingest procedures refuse the same values earlier with 50304.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, CONVERT(VARCHAR(36), NEWID()), 0, 10, -1, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: The failed-login counter is never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UserCredential_FailedLoginCountNonNegative is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UserCredential[_]FailedLoginCountNonNegative[^A-Za-z0-9_]%';
    -- expect: CK_UserCredential_FailedLoginCountNonNegative
    -- rule: The failed-login counter is never negative.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount])
    VALUES (@UserId, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc', -1);
END;
GO
-- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UserCredential_PasswordHashIsPhc_Bcrypt is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UserCredential[_]PasswordHashIsPhc[^A-Za-z0-9_]%';
    -- expect: CK_UserCredential_PasswordHashIsPhc
    -- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (@UserId, '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW');
END;
GO
-- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_UserCredential_PasswordHashIsPhc_UnsaltedSha256 is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]UserCredential[_]PasswordHashIsPhc[^A-Za-z0-9_]%';
    -- expect: CK_UserCredential_PasswordHashIsPhc
    -- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (@UserId, CONVERT(VARCHAR(64), HASHBYTES('SHA2_256', 'password'), 2));
END;
GO
-- rule: A user cannot be deleted before it was created.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_User_DeletedAfterCreated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]User[_]DeletedAfterCreated[^A-Za-z0-9_]%';
    -- expect: CK_User_DeletedAfterCreated
    -- rule: A user cannot be deleted before it was created.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [identity].[User] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [UserId] = @UserId;
END;
GO
-- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_User_EmailShape_NoAt is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]User[_]EmailShape[^A-Za-z0-9_]%';
    -- expect: CK_User_EmailShape
    -- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (N'not-an-email.example.test', N'No at sign');
END;
GO
-- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
CREATE PROCEDURE [InputCaseTests].[test bad input CK_User_EmailShape_Space is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]CK[_]User[_]EmailShape[^A-Za-z0-9_]%';
    -- expect: CK_User_EmailShape
    -- rule: An email has something before and after a single '@', a dot in the domain and no spaces.
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (N'first last@example.test', N'Space in email');
END;
GO
-- rule: ChangeMemberRole refuses an actor who is not an owner or admin of the organization.
CREATE PROCEDURE [InputCaseTests].[test bad input ChangeMemberRole_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50504;
    -- expect-error: 50504
    -- rule: ChangeMemberRole refuses an actor who is not an owner or admin of the organization.
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
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'admin', @ActorUserId = @OtherUserId;
END;
GO
-- rule: The last owner cannot be given another role.
CREATE PROCEDURE [InputCaseTests].[test bad input ChangeMemberRole_LastOwner is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50508;
    -- expect-error: 50508
    -- rule: The last owner cannot be given another role.
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
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'admin', @ActorUserId = @UserId;
END;
GO
-- rule: ChangeMemberRole refuses a member of another organization like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input ChangeMemberRole_MemberOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50507;
    -- expect-error: 50507
    -- rule: ChangeMemberRole refuses a member of another organization like a missing one.
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
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @OtherUserId, @Role = 'admin', @ActorUserId = @UserId;
END;
GO
-- rule: A role is one of owner, admin, member, billing, viewer.
CREATE PROCEDURE [InputCaseTests].[test bad input ChangeMemberRole_UnknownRole is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50505;
    -- expect-error: 50505
    -- rule: A role is one of owner, admin, member, billing, viewer.
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
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'Owner ', @ActorUserId = @UserId;
END;
GO
-- rule: A budget of another organization is refused exactly like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_BudgetOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50201;
    -- expect-error: 50201
    -- rule: A budget of another organization is refused exactly like a missing one.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = @OtherOrganizationId, @BudgetId = @BudgetId, @Amount = 1, @Tokens = 1,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: Consuming from a soft-deleted budget is refused like an unknown one.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_DeletedBudget is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50201;
    -- expect-error: 50201
    -- rule: Consuming from a soft-deleted budget is refused like an unknown one.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [billing].[Budget] SET [DeletedAt] = SYSUTCDATETIME() WHERE [BudgetId] = @BudgetId;
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 1, @Tokens = 1,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: A negative consumption is refused, even with tokens.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_NegativeAmount is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50203;
    -- expect-error: 50203
    -- rule: A negative consumption is refused, even with tokens.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = -1, @Tokens = 10,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: A hard-stop budget refuses a consumption that would take spend past its limit.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_OverHardStopLimit is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50202;
    -- expect-error: 50202
    -- rule: A hard-stop budget refuses a consumption that would take spend past its limit.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop])
    VALUES (@OrganizationId, 'organization', 'monthly', 10, 1);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 11, @Tokens = 0,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: Consuming from a budget that does not exist is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_UnknownBudget is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50201;
    -- expect-error: 50201
    -- rule: Consuming from a budget that does not exist is refused.
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = -1, @BudgetId = -1, @Amount = 1, @Tokens = 1,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: A consumption of nothing (zero money and zero tokens) is a caller bug.
CREATE PROCEDURE [InputCaseTests].[test bad input ConsumeBudget_ZeroConsumption is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50203;
    -- expect-error: 50203
    -- rule: A consumption of nothing (zero money and zero tokens) is a caller bug.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @RemainingAmount DECIMAL(19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXEC [billing].[ConsumeBudget]
        @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 0, @Tokens = 0,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO
-- rule: CreateApiKey refuses a creator who is not an owner or admin of the organization (here the owner of another one).
CREATE PROCEDURE [InputCaseTests].[test bad input CreateApiKey_CreatorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    -- expect-error: 50113
    -- rule: CreateApiKey refuses a creator who is not an owner or admin of the organization (here the owner of another one).
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OtherUserId, @Name = N'Case key',
        @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO
-- rule: A key hash of 40 bytes is refused, not truncated into a valid-looking 32-byte one.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateApiKey_HashLongerThan32Bytes is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;
    -- expect-error: 50111
    -- rule: A key hash of 40 bytes is refused, not truncated into a valid-looking 32-byte one.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(40) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())) + 0x0102030405060708;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @UserId, @Name = N'Case key',
        @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO
-- rule: Key names are unique among the organization's live keys.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateApiKey_NameInUse is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50114;
    -- expect-error: 50114
    -- rule: Key names are unique among the organization's live keys.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @UserId, @Name = N'Case key',
        @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO
-- rule: A key prefix already used (by any key of any organization) is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateApiKey_PrefixInUse is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50112;
    -- expect-error: 50112
    -- rule: A key prefix already used (by any key of any organization) is refused.
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
    DECLARE @Prefix VARCHAR(16) = (SELECT [KeyPrefix] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @OtherApiKeyId);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @UserId, @Name = N'Second key',
        @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO
-- rule: A slug of a live organization cannot be reused.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateOrganization_SlugInUse is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50502;
    -- expect-error: 50502
    -- rule: A slug of a live organization cannot be reused.
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
    DECLARE @Slug VARCHAR(63) = (SELECT [Slug] FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId);
    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Second organization', @OwnerUserId = @UserId;
END;
GO
-- rule: A slug longer than 63 characters is refused, not truncated into a valid one.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateOrganization_SlugLongerThan63 is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50501;
    -- expect-error: 50501
    -- rule: A slug longer than 63 characters is refused, not truncated into a valid one.
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
    DECLARE @Slug VARCHAR(100) = 't-' + REPLICATE('a', 70);
    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Case organization', @OwnerUserId = @UserId;
END;
GO
-- rule: The owner of a new organization must be a live user.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateOrganization_UnknownOwner is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50503;
    -- expect-error: 50503
    -- rule: The owner of a new organization must be a live user.
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
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @OtherUserId;
    DECLARE @Slug VARCHAR(63) = 't-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Case organization', @OwnerUserId = @OtherUserId;
END;
GO
-- rule: CreateOrganization refuses to run with a session organization (a confined connection), before any write: a new organization's id is never the session's, so the block predicate would refuse it midway (33504).
CREATE PROCEDURE [InputCaseTests].[test bad input CreateOrganization_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50601;
    -- expect-error: 50601
    -- rule: CreateOrganization refuses to run with a session organization (a confined connection), before any write: a new organization's id is never the session's, so the block predicate would refuse it midway (33504).
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [tenancy].[CreateOrganization] @Slug = 'confined-org', @DisplayName = N'Confined', @OwnerUserId = -1;
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
    -- Reached only if the call raised nothing (a regression): still leave the session unconfined.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
END;
GO
-- rule: CreateUser refuses an e-mail a live user already has.
CREATE PROCEDURE [InputCaseTests].[test bad input CreateUser_EmailInUse is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50109;
    -- expect-error: 50109
    -- rule: CreateUser refuses an e-mail a live user already has.
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
    DECLARE @Email NVARCHAR(320) = (SELECT [Email] FROM [identity].[User] WHERE [UserId] = @UserId);
    EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Second user',
        @PasswordHash = '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE';
END;
GO
-- rule: CreateUser accepts only a PHC password hash (here a bare SHA-256 hex string).
CREATE PROCEDURE [InputCaseTests].[test bad input CreateUser_InvalidPasswordHash is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    -- expect-error: 50108
    -- rule: CreateUser accepts only a PHC password hash (here a bare SHA-256 hex string).
    DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
    EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Case user',
        @PasswordHash = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
END;
GO
-- rule: CreateUser refuses to run with a session organization (a confined connection), before any write: its audit event has no organization, which the block predicate would refuse midway (33504).
CREATE PROCEDURE [InputCaseTests].[test bad input CreateUser_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50601;
    -- expect-error: 50601
    -- rule: CreateUser refuses to run with a session organization (a confined connection), before any write: its audit event has no organization, which the block predicate would refuse midway (33504).
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [identity].[CreateUser] @Email = N'confined@example.test', @DisplayName = N'Confined', @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
    -- Reached only if the call raised nothing (a regression): still leave the session unconfined.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
END;
GO
-- rule: Partition maintenance never runs inside a caller's transaction (the case runner always opens one).
CREATE PROCEDURE [InputCaseTests].[test bad input EnsureUsagePartitions_InsideATransaction is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50308;
    -- expect-error: 50308
    -- rule: Partition maintenance never runs inside a caller's transaction (the case runner always opens one).
    SET QUOTED_IDENTIFIER ON;
    EXECUTE [usage].[EnsureUsagePartitions] @DaysAhead = 7;
END;
GO
-- rule: EraseOrganization lets only a live owner (or the platform) erase the organization, not an admin.
CREATE PROCEDURE [InputCaseTests].[test bad input EraseOrganization_ActorNotOwner is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50511;
    -- expect-error: 50511
    -- rule: EraseOrganization lets only a live owner (or the platform) erase the organization, not an admin.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @AdminId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case admin');
    SET @AdminId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @AdminId, 'admin');
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @AdminId;
END;
GO
-- rule: EraseOrganization refuses an unknown organization.
CREATE PROCEDURE [InputCaseTests].[test bad input EraseOrganization_UnknownOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50510;
    -- expect-error: 50510
    -- rule: EraseOrganization refuses an unknown organization.
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = -1, @ActorUserId = NULL;
END;
GO
-- rule: EraseUser lets only the person or the platform erase a person, not another user (e.g. an organization admin).
CREATE PROCEDURE [InputCaseTests].[test bad input EraseUser_ActorIsAnotherUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50116;
    -- expect-error: 50116
    -- rule: EraseUser lets only the person or the platform erase a person, not another user (e.g. an organization admin).
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
    SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @OtherUserId;
END;
GO
-- rule: EraseUser refuses to erase the last live owner of a live organization.
CREATE PROCEDURE [InputCaseTests].[test bad input EraseUser_LastOwner is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50117;
    -- expect-error: 50117
    -- rule: EraseUser refuses to erase the last live owner of a live organization.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;
END;
GO
-- rule: EraseUser refuses an unknown user.
CREATE PROCEDURE [InputCaseTests].[test bad input EraseUser_UnknownUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50115;
    -- expect-error: 50115
    -- rule: EraseUser refuses an unknown user.
    EXECUTE [identity].[EraseUser] @UserId = -1, @ActorUserId = NULL;
END;
GO
-- rule: EraseUser refuses to run with a session organization, under which row-level security would hide the person's other organizations.
CREATE PROCEDURE [InputCaseTests].[test bad input EraseUser_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50118;
    -- expect-error: 50118
    -- rule: EraseUser refuses to run with a session organization, under which row-level security would hide the person's other organizations.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [identity].[EraseUser] @UserId = -1, @ActorUserId = NULL;
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
END;
GO
-- rule: A last-use row belongs to an existing API key.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKeyLastUse_ApiKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKeyLastUse[_]ApiKey[^A-Za-z0-9_]%';
    -- expect: FK_ApiKeyLastUse_ApiKey
    -- rule: A last-use row belongs to an existing API key.
    INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt])
    VALUES (-1, SYSUTCDATETIME());
END;
GO
-- rule: A scope row belongs to an existing API key.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKeyScope_ApiKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKeyScope[_]ApiKey[^A-Za-z0-9_]%';
    -- expect: FK_ApiKeyScope_ApiKey
    -- rule: A scope row belongs to an existing API key.
    INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
    VALUES (-1, N'chat:write');
END;
GO
-- rule: A key's replacement (identity.RotateApiKey) is a key of the same organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKey_ApiKey_ReplacedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKey[_]ApiKey[_]ReplacedBy[^A-Za-z0-9_]%';
    -- expect: FK_ApiKey_ApiKey_ReplacedBy
    -- rule: A key's replacement (identity.RotateApiKey) is a key of the same organization.
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
    DECLARE @OtherApiKeyId INT;
    DECLARE @OtherKeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OtherOrganizationId, @UserId, N'Other key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), @OtherKeyHash);
    SET @OtherApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @KeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [ReplacedByApiKeyId])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), @KeyHash, @OtherApiKeyId);
END;
GO
-- rule: An API key belongs to an existing organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKey_Organization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKey[_]Organization[^A-Za-z0-9_]%';
    -- expect: FK_ApiKey_Organization
    -- rule: An API key belongs to an existing organization.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (-1, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: An API key is created by an existing user.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKey_User_CreatedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKey[_]User[_]CreatedBy[^A-Za-z0-9_]%';
    -- expect: FK_ApiKey_User_CreatedBy
    -- rule: An API key is created by an existing user.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, -1, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: The revoking user, when given, exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ApiKey_User_RevokedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ApiKey[_]User[_]RevokedBy[^A-Za-z0-9_]%';
    -- expect: FK_ApiKey_User_RevokedBy
    -- rule: The revoking user, when given, exists.
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = -1 WHERE [ApiKeyId] = @ApiKeyId;
END;
GO
-- rule: A chain link covers an existing audit event.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_AuditChain_AuditEvent is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]AuditChain[_]AuditEvent[^A-Za-z0-9_]%';
    -- expect: FK_AuditChain_AuditEvent
    -- rule: A chain link covers an existing audit event.
    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    VALUES (-1, 9000000000000000001, HASHBYTES('SHA2_256', N'previous'), HASHBYTES('SHA2_256', N'row'));
END;
GO
-- rule: An API-key actor exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_AuditEvent_ApiKey_Actor is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]AuditEvent[_]ApiKey[_]Actor[^A-Za-z0-9_]%';
    -- expect: FK_AuditEvent_ApiKey_Actor
    -- rule: An API-key actor exists.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'apikey', NULL, -1, 'case.append', NULL, NULL, NULL);
END;
GO
-- rule: An event's organization, when given, exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_AuditEvent_Organization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]AuditEvent[_]Organization[^A-Za-z0-9_]%';
    -- expect: FK_AuditEvent_Organization
    -- rule: An event's organization, when given, exists.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (-1, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
END;
GO
-- rule: A user actor exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_AuditEvent_User_Actor is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]AuditEvent[_]User[_]Actor[^A-Za-z0-9_]%';
    -- expect: FK_AuditEvent_User_Actor
    -- rule: A user actor exists.
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'user', -1, NULL, 'case.append', NULL, NULL, NULL);
END;
GO
-- rule: Usage is recorded against an existing budget.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_BudgetPeriodUsage_Budget is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]BudgetPeriodUsage[_]Budget[^A-Za-z0-9_]%';
    -- expect: FK_BudgetPeriodUsage_Budget
    -- rule: Usage is recorded against an existing budget.
    INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
    VALUES (-1, CAST(SYSUTCDATETIME() AS DATE), 0, 0);
END;
GO
-- rule: An API-key budget's key belongs to the budget's own organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Budget_ApiKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Budget[_]ApiKey[^A-Za-z0-9_]%';
    -- expect: FK_Budget_ApiKey
    -- covers: UQ_ApiKey_Organization_ApiKeyId
    -- rule: An API-key budget's key belongs to the budget's own organization.
    -- note: UQ_ApiKey_Organization_ApiKeyId is only the target of this foreign key; ApiKeyId alone is the primary key, so no row can duplicate the pair.
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
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OtherOrganizationId, 'apikey', NULL, @ApiKeyId, 'monthly', 'USD', 100, NULL, NULL);
END;
GO
-- rule: A budget belongs to an existing organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Budget_Organization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Budget[_]Organization[^A-Za-z0-9_]%';
    -- expect: FK_Budget_Organization
    -- rule: A budget belongs to an existing organization.
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (-1, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, NULL);
END;
GO
-- rule: A user budget's user exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Budget_User is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Budget[_]User[^A-Za-z0-9_]%';
    -- expect: FK_Budget_User
    -- rule: A user budget's user exists.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'user', -1, NULL, 'monthly', 'USD', 100, NULL, NULL);
END;
GO
-- rule: A membership belongs to an existing organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Membership_Organization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Membership[_]Organization[^A-Za-z0-9_]%';
    -- expect: FK_Membership_Organization
    -- rule: A membership belongs to an existing organization.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (-1, @UserId, 'member');
END;
GO
-- rule: A membership belongs to an existing user.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Membership_User is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Membership[_]User[^A-Za-z0-9_]%';
    -- expect: FK_Membership_User
    -- rule: A membership belongs to an existing user.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, -1, 'member');
END;
GO
-- rule: The inviting user, when given, exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Membership_User_InvitedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Membership[_]User[_]InvitedBy[^A-Za-z0-9_]%';
    -- expect: FK_Membership_User_InvitedBy
    -- rule: The inviting user, when given, exists.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role], [InvitedByUserId])
    VALUES (@OrganizationId, @UserId, 'member', -1);
END;
GO
-- rule: A price belongs to an existing model.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ModelPrice_Model is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ModelPrice[_]Model[^A-Za-z0-9_]%';
    -- expect: FK_ModelPrice_Model
    -- rule: A price belongs to an existing model.
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (-1, 'USD', 2.5, 10, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: A model belongs to an existing provider.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_Model_Provider is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]Model[_]Provider[^A-Za-z0-9_]%';
    -- expect: FK_Model_Provider
    -- rule: A model belongs to an existing provider.
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (-1, 'case-model', N'Case model', 128000, NULL, 'active');
END;
GO
-- rule: A credential belongs to an existing organization.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ProviderCredential_Organization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ProviderCredential[_]Organization[^A-Za-z0-9_]%';
    -- expect: FK_ProviderCredential_Organization
    -- rule: A credential belongs to an existing organization.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (-1, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: A credential is for an existing provider.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ProviderCredential_Provider is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ProviderCredential[_]Provider[^A-Za-z0-9_]%';
    -- expect: FK_ProviderCredential_Provider
    -- rule: A credential is for an existing provider.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, -1, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: The storing user exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ProviderCredential_User_CreatedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ProviderCredential[_]User[_]CreatedBy[^A-Za-z0-9_]%';
    -- expect: FK_ProviderCredential_User_CreatedBy
    -- rule: The storing user exists.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), -1);
END;
GO
-- rule: The revoking user, when given, exists.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_ProviderCredential_User_RevokedBy is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]ProviderCredential[_]User[_]RevokedBy[^A-Za-z0-9_]%';
    -- expect: FK_ProviderCredential_User_RevokedBy
    -- rule: The revoking user, when given, exists.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = -1 WHERE [ProviderCredentialId] = @ProviderCredentialId;
END;
GO
-- rule: A credential belongs to an existing user.
CREATE PROCEDURE [InputCaseTests].[test bad input FK_UserCredential_User is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]FK[_]UserCredential[_]User[^A-Za-z0-9_]%';
    -- expect: FK_UserCredential_User
    -- rule: A credential belongs to an existing user.
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (-1, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc');
END;
GO
-- rule: Another organization cannot read a credential: it is refused like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input GetProviderCredential_OfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50523;
    -- expect-error: 50523
    -- rule: Another organization cannot read a credential: it is refused like a missing one.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
    SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OtherOrganizationId, @OtherUserId, 'owner');
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OtherOrganizationId, @ProviderId = @ProviderId, @Label = N'default';
END;
GO
-- rule: A revoked credential is never returned again.
CREATE PROCEDURE [InputCaseTests].[test bad input GetProviderCredential_Revoked is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50523;
    -- expect-error: 50523
    -- rule: A revoked credential is never returned again.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = @UserId WHERE [ProviderCredentialId] = @ProviderCredentialId;
    EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';
END;
GO
-- rule: A grant that would make the scope array longer than ApiKey.Scopes (1000 characters) is refused, not failed with 2628.
CREATE PROCEDURE [InputCaseTests].[test bad input GrantApiKeyScope_ArrayTooLong is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50106;
    -- expect-error: 50106
    -- rule: A grant that would make the scope array longer than ApiKey.Scopes (1000 characters) is refused, not failed with 2628.
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
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'["' + REPLICATE(N'a', 398) + N'","' + REPLICATE(N'b', 398) + N'"]');
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Scope NVARCHAR(4000) = REPLICATE(N'c', 300);
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = @Scope;
END;
GO
-- rule: A key of another organization is refused exactly like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input GrantApiKeyScope_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    -- expect-error: 50104
    -- rule: A key of another organization is refused exactly like a missing one.
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
    VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'[]');
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OtherOrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'chat:write';
END;
GO
-- rule: A scope is at most 400 characters; a longer one is refused, not truncated.
CREATE PROCEDURE [InputCaseTests].[test bad input GrantApiKeyScope_ScopeTooLong is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50105;
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
END;
GO
-- rule: Scopes can only be granted to an existing, live API key.
CREATE PROCEDURE [InputCaseTests].[test bad input GrantApiKeyScope_UnknownKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    -- expect-error: 50104
    -- rule: Scopes can only be granted to an existing, live API key.
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = -1, @ApiKeyId = -1, @Scope = N'chat:write';
END;
GO
-- rule: Raw usage is kept at least 7 days (the late-arrival window plus the daily finalization).
CREATE PROCEDURE [InputCaseTests].[test bad input PurgeUsagePartitions_RetentionTooShort is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50309;
    -- expect-error: 50309
    -- rule: Raw usage is kept at least 7 days (the late-arrival window plus the daily finalization).
    SET QUOTED_IDENTIFIER ON;
    EXECUTE [usage].[PurgeUsagePartitions] @RetentionDays = 1;
END;
GO
-- rule: A day whose raw rows are purged keeps its daily rows; recomputing it is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input RecomputeUsageDaily_DayAlreadyPurged is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50310;
    -- expect-error: 50310
    -- rule: A day whose raw rows are purged keeps its daily rows; recomputing it is refused.
    SET QUOTED_IDENTIFIER ON;
    EXECUTE [usage].[RecomputeUsageDaily] @Day = '2019-12-31';
END;
GO
-- rule: A login attempt needs an outcome.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordLoginAttempt_NullOutcome is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    -- expect-error: 50108
    -- rule: A login attempt needs an outcome.
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
    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = NULL;
END;
GO
-- rule: A login attempt of an unknown user (or one without a password) is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordLoginAttempt_UnknownUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50107;
    -- expect-error: 50107
    -- rule: A login attempt of an unknown user (or one without a password) is refused.
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
    DECLARE @NoCredentialUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'No password');
    SET @NoCredentialUserId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [identity].[RecordLoginAttempt] @UserId = @NoCredentialUserId, @Succeeded = 0;
END;
GO
-- rule: RecordLoginAttempt refuses to run with a session organization (a confined connection), before any write: its lock-out audit event has no organization, which the block predicate would refuse midway (33504).
CREATE PROCEDURE [InputCaseTests].[test bad input RecordLoginAttempt_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50601;
    -- expect-error: 50601
    -- rule: RecordLoginAttempt refuses to run with a session organization (a confined connection), before any write: its lock-out audit event has no organization, which the block predicate would refuse midway (33504).
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [identity].[RecordLoginAttempt] @UserId = -1, @Succeeded = 0;
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
    -- Reached only if the call raised nothing (a regression): still leave the session unconfined.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
END;
GO
-- rule: RecordRequest refuses another organization's key like a missing one; nothing is charged or written.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordRequest_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50301;
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
END;
GO
-- rule: RecordRequest checks the event with the usage ingest's rules.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordRequest_NegativeTokens is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50304;
    -- expect-error: 50304
    -- rule: RecordRequest checks the event with the usage ingest's rules.
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
        @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @UserId = @UserId, @RequestId = @RequestId, @ModelId = @ModelId,
        @OccurredAt = @At, @PromptTokens = -1, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300,
        @TimeToFirstTokenMs = 100, @StatusCode = 200;
END;
GO
-- rule: A hard-stop key budget that the request would exceed refuses it; the organization budget charged before it is rolled back too.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordRequest_OverHardStopKeyBudget is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50202;
    -- expect-error: 50202
    -- rule: A hard-stop key budget that the request would exceed refuses it; the organization budget charged before it is rolled back too.
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
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop])
    VALUES (@OrganizationId, 'organization', 'monthly', 100, 1);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [ApiKeyId], [Period], [LimitTokens], [HardStop])
    VALUES (@OrganizationId, 'apikey', @ApiKeyId, 'monthly', 5, 1);
    EXECUTE [billing].[RecordRequest]
        @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @UserId = @UserId, @RequestId = @RequestId, @ModelId = @ModelId,
        @OccurredAt = @At, @PromptTokens = 10, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300,
        @TimeToFirstTokenMs = 100, @StatusCode = 200;
END;
GO
-- rule: RecordRequest refuses a user who is not a live member of the organization (here: a member of another one).
CREATE PROCEDURE [InputCaseTests].[test bad input RecordRequest_UserOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50204;
    -- expect-error: 50204
    -- rule: RecordRequest refuses a user who is not a live member of the organization (here: a member of another one).
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
        @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @UserId = @OtherUserId, @RequestId = @RequestId, @ModelId = @ModelId,
        @OccurredAt = @At, @PromptTokens = 10, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300,
        @TimeToFirstTokenMs = 100, @StatusCode = 200;
END;
GO
-- rule: An event cannot be more than 5 minutes ahead of the server's clock.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_FarInTheFuture is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50305;
    -- expect-error: 50305
    -- rule: An event cannot be more than 5 minutes ahead of the server's clock.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    DECLARE @EventAt DATETIME2(3) = DATEADD(MINUTE, 10, @At);
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @EventAt,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: A key of another organization is refused like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50301;
    -- expect-error: 50301
    -- rule: A key of another organization is refused like a missing one.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OtherOrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: An event after its key was revoked is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_KeyRevokedBeforeTheEvent is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50301;
    -- expect-error: 50301
    -- rule: An event after its key was revoked is refused.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = DATEADD(HOUR, -1, SYSUTCDATETIME()) WHERE [ApiKeyId] = @ApiKeyId;
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: Token counts are never negative.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_NegativeTokens is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50304;
    -- expect-error: 50304
    -- rule: Token counts are never negative.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = -1,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: An event is priced from the USD price effective at its time.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_NoPriceAtTheEventTime is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50303;
    -- expect-error: 50303
    -- rule: An event is priced from the USD price effective at its time.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: An event older than 2 days is too late to count.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_OlderThanTheLateArrivalWindow is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50306;
    -- expect-error: 50306
    -- rule: An event older than 2 days is too late to count.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    DECLARE @EventAt DATETIME2(3) = DATEADD(HOUR, -49, @At);
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @EventAt,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: A request id longer than 64 characters is refused, never truncated into another request's idempotency key (procedure parameters truncate silently).
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_RequestIdLongerThan64 is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50304;
    -- expect-error: 50304
    -- rule: A request id longer than 64 characters is refused, never truncated into another request's idempotency key (procedure parameters truncate silently).
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    -- Two different requests whose ids share their first 64 characters: the first is recorded; the second must be refused
    -- (a VARCHAR(64) parameter would have cut it to the first one's id and reported it as a 'duplicate').
    DECLARE @First VARCHAR(100) = CONCAT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), REPLICATE('x', 32));
    DECLARE @Second VARCHAR(100) = CONCAT(@First, '-retry-2');
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @First,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @Second,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: An event names a model of the catalog.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvent_UnknownModel is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50302;
    -- expect-error: 50302
    -- rule: An event names a model of the catalog.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = -1,
        @OccurredAt = @At,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: A batch holds at least one event.
CREATE PROCEDURE [InputCaseTests].[test bad input RecordUsageEvents_EmptyBatch is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50307;
    -- expect-error: 50307
    -- rule: A batch holds at least one event.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Events [usage].[UsageEventList];
    EXECUTE [usage].[RecordUsageEvents] @OrganizationId = @OrganizationId, @Events = @Events;
END;
GO
-- rule: RemoveMember refuses an actor of another organization.
CREATE PROCEDURE [InputCaseTests].[test bad input RemoveMember_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50504;
    -- expect-error: 50504
    -- rule: RemoveMember refuses an actor of another organization.
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
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @ActorUserId = @OtherUserId;
END;
GO
-- rule: The last owner cannot be removed.
CREATE PROCEDURE [InputCaseTests].[test bad input RemoveMember_LastOwner is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50508;
    -- expect-error: 50508
    -- rule: The last owner cannot be removed.
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
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @ActorUserId = @UserId;
END;
GO
-- rule: RemoveMember refuses a member of another organization like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RemoveMember_MemberOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50507;
    -- expect-error: 50507
    -- rule: RemoveMember refuses a member of another organization like a missing one.
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
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @OtherUserId, @ActorUserId = @UserId;
END;
GO
-- rule: Revoking needs a non-blank scope.
CREATE PROCEDURE [InputCaseTests].[test bad input RevokeApiKeyScope_BlankScope is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50105;
    -- expect-error: 50105
    -- rule: Revoking needs a non-blank scope.
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
    EXECUTE [identity].[RevokeApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N' ';
END;
GO
-- rule: A key of another organization is refused exactly like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RevokeApiKeyScope_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    -- expect-error: 50104
    -- rule: A key of another organization is refused exactly like a missing one.
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
    VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'["chat:write"]');
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [identity].[RevokeApiKeyScope] @OrganizationId = @OtherOrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'chat:write';
END;
GO
-- rule: RevokeApiKey refuses an actor who is not an owner or admin of the organization.
CREATE PROCEDURE [InputCaseTests].[test bad input RevokeApiKey_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    -- expect-error: 50113
    -- rule: RevokeApiKey refuses an actor who is not an owner or admin of the organization.
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
    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OtherUserId;
END;
GO
-- rule: RevokeApiKey refuses another organization's key like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RevokeApiKey_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    -- expect-error: 50104
    -- rule: RevokeApiKey refuses another organization's key like a missing one.
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
    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @ActorUserId = @UserId;
END;
GO
-- rule: RevokeProviderCredential refuses another organization's credential like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RevokeProviderCredential_OfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50524;
    -- expect-error: 50524
    -- rule: RevokeProviderCredential refuses another organization's credential like a missing one.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
    SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OtherOrganizationId, @OtherUserId, 'owner');
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [tenancy].[RevokeProviderCredential] @OrganizationId = @OtherOrganizationId, @ProviderCredentialId = @ProviderCredentialId, @ActorUserId = @OtherUserId;
END;
GO
-- rule: A re-wrap from a key id the credential no longer has is refused (optimistic check).
CREATE PROCEDURE [InputCaseTests].[test bad input RewrapProviderCredential_KeyIdChanged is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50525;
    -- expect-error: 50525
    -- rule: A re-wrap from a key id the credential no longer has is refused (optimistic check).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @NewWrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    EXECUTE [tenancy].[RewrapProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId,
        @ExpectedKeyId = 'local-test/v0', @NewKeyId = 'local-test/v2', @NewWrappedDataKey = @NewWrapped;
END;
GO
-- rule: RotateApiKey refuses an actor who is not an owner or admin of the organization.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    -- expect-error: 50113
    -- rule: RotateApiKey refuses an actor who is not an owner or admin of the organization.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OtherUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO
-- rule: A key already rotated (ReplacedByApiKeyId set) cannot be rotated again: its budgets are on its replacement.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_AlreadyRotated is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50110;
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
END;
GO
-- rule: The grace period of a rotation is 0..10080 minutes.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_GraceOutOfRange is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;
    -- expect-error: 50111
    -- rule: The grace period of a rotation is 0..10080 minutes.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = -1;
END;
GO
-- rule: A rotation cannot reuse the hash of any key.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_HashInUse is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50112;
    -- expect-error: 50112
    -- rule: A rotation cannot reuse the hash of any key.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = (SELECT [KeyHash] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @OtherApiKeyId);
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO
-- rule: RotateApiKey refuses another organization's key like a missing one.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_KeyOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    -- expect-error: 50104
    -- rule: RotateApiKey refuses another organization's key like a missing one.
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
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @ActorUserId = @UserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO
-- rule: A revoked key cannot be rotated.
CREATE PROCEDURE [InputCaseTests].[test bad input RotateApiKey_RevokedKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50110;
    -- expect-error: 50110
    -- rule: A revoked key cannot be rotated.
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = SYSUTCDATETIME(), [RevokedByUserId] = @UserId WHERE [ApiKeyId] = @ApiKeyId;
    DECLARE @Prefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    DECLARE @Hash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO
-- rule: A PHC string longer than the 255-character column is refused, not truncated.
CREATE PROCEDURE [InputCaseTests].[test bad input SetPasswordHash_HashLongerThanColumn is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    -- expect-error: 50108
    -- rule: A PHC string longer than the 255-character column is refused, not truncated.
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
    DECLARE @Long VARCHAR(400) = '$argon2id$v=19$m=65536,t=3,p=4$' + REPLICATE('A', 300);
    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = @Long;
END;
GO
-- rule: SetPasswordHash refuses a user without a credential (or unknown or deleted).
CREATE PROCEDURE [InputCaseTests].[test bad input SetPasswordHash_UnknownUser is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50107;
    -- expect-error: 50107
    -- rule: SetPasswordHash refuses a user without a credential (or unknown or deleted).
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
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @UserId;
    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId,
        @PasswordHash = '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE';
END;
GO
-- rule: SetPasswordHash refuses to run with a session organization (a confined connection), before any write: its audit event has no organization, which the block predicate would refuse midway (33504).
CREATE PROCEDURE [InputCaseTests].[test bad input SetPasswordHash_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50601;
    -- expect-error: 50601
    -- rule: SetPasswordHash refuses to run with a session organization (a confined connection), before any write: its audit event has no organization, which the block predicate would refuse midway (33504).
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [identity].[SetPasswordHash] @UserId = -1, @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
    -- Reached only if the call raised nothing (a regression): still leave the session unconfined.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
END;
GO
-- rule: Only an owner or admin of the organization stores its provider keys; an owner of another organization is refused.
CREATE PROCEDURE [InputCaseTests].[test bad input StoreProviderCredential_ActorOfAnotherOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50520;
    -- expect-error: 50520
    -- rule: Only an owner or admin of the organization stores its provider keys; an owner of another organization is refused.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherOrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @OtherUserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
    SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OtherOrganizationId, @OtherUserId, 'owner');
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @OtherUserId;
END;
GO
-- rule: StoreProviderCredential refuses a label over 100 characters even when the excess is trailing spaces (LEN ignores them; a silent cut would change the label the ciphertext binds).
CREATE PROCEDURE [InputCaseTests].[test bad input StoreProviderCredential_LabelWithTrailingSpacesTooLong is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50522;
    -- expect-error: 50522
    -- rule: StoreProviderCredential refuses a label over 100 characters even when the excess is trailing spaces (LEN ignores them; a silent cut would change the label the ciphertext binds).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    DECLARE @Label NVARCHAR(4000) = REPLICATE(N'a', 100) + N'  ';
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = @Label,
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
END;
GO
-- rule: StoreProviderCredential refuses bytes that are not a version-1 envelope, such as a plaintext key.
CREATE PROCEDURE [InputCaseTests].[test bad input StoreProviderCredential_PlaintextKey is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50522;
    -- expect-error: 50522
    -- rule: StoreProviderCredential refuses bytes that are not a version-1 envelope, such as a plaintext key.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(8000) = CONVERT(VARBINARY(8000), 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz');
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
END;
GO
-- rule: A provider key is stored only for an existing, live provider.
CREATE PROCEDURE [InputCaseTests].[test bad input StoreProviderCredential_UnknownProvider is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50521;
    -- expect-error: 50521
    -- rule: A provider key is stored only for an existing, live provider.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = -1, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
END;
GO
-- rule: No two keys, live or deleted, share a hash.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_ApiKey_KeyHash is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]ApiKey[_]KeyHash[^A-Za-z0-9_]%';
    -- expect: UQ_ApiKey_KeyHash
    -- rule: No two keys, live or deleted, share a hash.
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
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Same hash', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), @KeyHash);
END;
GO
-- rule: No two keys, live or deleted, share a display prefix.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_ApiKey_KeyPrefix is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]ApiKey[_]KeyPrefix[^A-Za-z0-9_]%';
    -- expect: UQ_ApiKey_KeyPrefix
    -- rule: No two keys, live or deleted, share a display prefix.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @KeyPrefix VARCHAR(16) = LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'First', @KeyPrefix, HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Second', @KeyPrefix, HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: Two live keys of one organization cannot share a name.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_ApiKey_Organization_Name_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]ApiKey[_]Organization[_]Name[_]Live[^A-Za-z0-9_]%';
    -- expect: UQ_ApiKey_Organization_Name_Live
    -- rule: Two live keys of one organization cannot share a name.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Production', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Production', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: Two links never share a chain position.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_AuditChain_ChainPosition is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]AuditChain[_]ChainPosition[^A-Za-z0-9_]%';
    -- expect: UQ_AuditChain_ChainPosition
    -- rule: Two links never share a chain position.
    DECLARE @ChainedId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @ChainedId = CAST(SCOPE_IDENTITY() AS BIGINT);
    DECLARE @AuditEventId BIGINT;
    -- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
    DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    SELECT @AuditEventId, [c].[ChainPosition], [c].[PreviousHash], [c].[RowHash]
    FROM [audit].[AuditChain] AS [c]
    WHERE [c].[AuditEventId] = @ChainedId;
END;
GO
-- rule: A scope has at most one live budget per period.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Budget_Scope_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Budget[_]Scope[_]Live[^A-Za-z0-9_]%';
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
END;
GO
-- rule: A user is a member of an organization at most once.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Membership_Organization_User is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Membership[_]Organization[_]User[^A-Za-z0-9_]%';
    -- expect: UQ_Membership_Organization_User
    -- rule: A user is a member of an organization at most once.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'member');
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'admin');
END;
GO
-- rule: A model has one price per currency and start time.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_ModelPrice_Model_Currency_EffectiveFrom is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]ModelPrice[_]Model[_]Currency[_]EffectiveFrom[^A-Za-z0-9_]%';
    -- expect: UQ_ModelPrice_Model_Currency_EffectiveFrom
    -- rule: A model has one price per currency and start time.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 2.5, 10, '2025-01-01T00:00:00', NULL);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 3, 12, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: A provider has at most one live model of a name.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Model_Provider_Name_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Model[_]Provider[_]Name[_]Live[^A-Za-z0-9_]%';
    -- expect: UQ_Model_Provider_Name_Live
    -- rule: A provider has at most one live model of a name.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000, NULL, 'active');
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000, NULL, 'active');
END;
GO
-- rule: Two live organizations cannot share a slug.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Organization_Slug_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Organization[_]Slug[_]Live[^A-Za-z0-9_]%';
    -- expect: UQ_Organization_Slug_Live
    -- rule: Two live organizations cannot share a slug.
    DECLARE @Slug VARCHAR(63) = 't-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'First');
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Second');
END;
GO
-- rule: At most one unrevoked credential per organization, provider and label.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_ProviderCredential_Organization_Provider_Label_Unrevoked is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]ProviderCredential[_]Organization[_]Provider[_]Label[_]Unrevoked[^A-Za-z0-9_]%';
    -- expect: UQ_ProviderCredential_Organization_Provider_Label_Unrevoked
    -- rule: At most one unrevoked credential per organization, provider and label.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v2', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: No two providers, live or deleted, share a code.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Provider_Code is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Provider[_]Code[^A-Za-z0-9_]%';
    -- expect: UQ_Provider_Code
    -- rule: No two providers, live or deleted, share a code.
    DECLARE @Code VARCHAR(50) = 'p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES (@Code, N'First');
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES (@Code, N'Second');
END;
GO
-- rule: Two live providers cannot show the same name.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_Provider_DisplayName_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]Provider[_]DisplayName[_]Live[^A-Za-z0-9_]%';
    -- expect: UQ_Provider_DisplayName_Live
    -- rule: Two live providers cannot show the same name.
    DECLARE @DisplayName NVARCHAR(200) = N'Case provider ' + CONVERT(NVARCHAR(36), NEWID());
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
END;
GO
-- rule: The purge table has the usage table's unique key (SWITCH needs identical indexes).
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_UsageEventPurge_Organization_RequestId_HourBucket is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]UsageEventPurge[_]Organization[_]RequestId[_]HourBucket[^A-Za-z0-9_]%';
    -- expect: UQ_UsageEventPurge_Organization_RequestId_HourBucket
    -- covers: UQ_UsagePurgeHourly_Organization_HourBucket_Model_Shard
    -- rule: The purge table has the usage table's unique key (SWITCH needs identical indexes).
    -- note: UQ_UsagePurgeHourly_... is the view's unique clustered index; GROUP BY makes its key unique, so no input can break it.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    INSERT INTO [usage].[UsageEventPurge] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
    INSERT INTO [usage].[UsageEventPurge] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: A request of an organization is stored once per hour bucket (idempotency key).
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_UsageEvent_Organization_RequestId_HourBucket is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]UsageEvent[_]Organization[_]RequestId[_]HourBucket[^A-Za-z0-9_]%';
    -- expect: UQ_UsageEvent_Organization_RequestId_HourBucket
    -- covers: UQ_UsageHourly_Organization_HourBucket_Model_Shard
    -- rule: A request of an organization is stored once per hour bucket (idempotency key).
    -- note: UQ_UsageHourly_... is the unique clustered index of the indexed view; GROUP BY makes its key unique, so no input can break it.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @Epoch DATETIME2(0) = DATETIME2FROMPARTS(2000, 1, 1, 0, 0, 0, 0, 0);
    DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
    DECLARE @Hour DATETIME2(0) = DATEADD(HOUR, DATEDIFF(HOUR, @Epoch, @At), @Epoch);
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, @At, 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [CostAmount], [Currency], [ModelPriceId], [Tags])
    VALUES (@Hour, DATEADD(SECOND, 1, @Hour), 1, 1, NULL, 1, @RequestId, 0, 10, 20, 0, 300, 100, 200, NULL, 0.000225, 'USD', 1, NULL);
END;
GO
-- rule: Two live users cannot share an email.
CREATE PROCEDURE [InputCaseTests].[test bad input UQ_User_Email_Live is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedMessagePattern = N'%[^A-Za-z0-9_]UQ[_]User[_]Email[_]Live[^A-Za-z0-9_]%';
    -- expect: UQ_User_Email_Live
    -- rule: Two live users cannot share an email.
    DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'First');
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'Second');
END;
GO
-- rule: VerifyAuditChain takes an anchor position and hash together or not at all.
CREATE PROCEDURE [InputCaseTests].[test bad input VerifyAuditChain_HalfAnAnchor is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50405;
    -- expect-error: 50405
    -- rule: VerifyAuditChain takes an anchor position and hash together or not at all.
    EXECUTE [audit].[VerifyAuditChain] @AnchorPosition = 1;
END;
GO
-- rule: VerifyAuditChain refuses to run with a session organization, which row-level security would use to hide audit rows.
CREATE PROCEDURE [InputCaseTests].[test bad input VerifyAuditChain_WithSessionOrganization is refused]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50404;
    -- expect-error: 50404
    -- rule: VerifyAuditChain refuses to run with a session organization, which row-level security would use to hide audit rows.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
    BEGIN TRY
        EXECUTE [audit].[VerifyAuditChain];
    END TRY
    BEGIN CATCH
        -- Session context outlives the runner's rollback: clear it before re-raising.
        EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
        THROW;
    END CATCH;
END;
GO
-- rule: Hard-deleting a key that has scope rows and a last-use row succeeds (FK_ApiKeyScope_ApiKey and FK_ApiKeyLastUse_ApiKey cascade).
CREATE PROCEDURE [InputCaseTests].[test good input ApiKey_HardDeleteTakesScopesAndLastUse is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
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
END;
GO
-- rule: Key prefixes of exactly 8 and exactly 16 characters with mixed case and underscores are accepted.
CREATE PROCEDURE [InputCaseTests].[test good input ApiKey_KeyPrefixAtLengthBounds is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Key prefixes of exactly 8 and exactly 16 characters with mixed case and underscores are accepted.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Shortest prefix', 'Ab_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 5), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Longest prefix', 'Live_Key_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 7), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: Scope arrays v1.0.0 accepted (blank, over-long, non-string, null and case-duplicate elements, and an array after leading spaces) are stored; the trigger skips the invalid elements instead of failing the write.
CREATE PROCEDURE [InputCaseTests].[test good input ApiKey_ScopesAcceptedByEarlierReleasesNeverFailTheWrite is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
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
END;
GO
-- rule: User, API-key and system events with targets, request ids and JSON details are accepted.
CREATE PROCEDURE [InputCaseTests].[test good input AuditEvent_EachActorTypeWithItsActor is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: User, API-key and system events with targets, request ids and JSON details are accepted.
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
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (@OrganizationId, 'user', @UserId, NULL, 'apikey.create', 'apikey', CAST(@ApiKeyId AS VARCHAR(100)), N'{"scopes": ["chat:write"]}');
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (@OrganizationId, 'apikey', NULL, @ApiKeyId, 'budget.consume_v2', NULL, NULL, NULL);
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'schema.deploy', 'database', NULL, NULL);
END;
GO
-- rule: An audit event whose Details is longer than 8000 bytes (allowed since v1.0.0) is chained: HASHBYTES takes input of any length since SQL Server 2016.
CREATE PROCEDURE [InputCaseTests].[test good input AuditEvent_LongDetailsIsChained is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: An audit event whose Details is longer than 8000 bytes (allowed since v1.0.0) is chained: HASHBYTES takes input of any length since SQL Server 2016.
    DECLARE @AuditEventId BIGINT;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL,
            CONCAT(N'{"note":"', REPLICATE(CAST(N'x' AS NVARCHAR(MAX)), 20000), N'"}'));
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
    IF NOT EXISTS (SELECT 1 FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId)
        THROW 59999, N'The long audit event was not chained.', 1;
END;
GO
-- rule: Organization, user and API-key budgets (the key of the same organization) are all accepted, with money, token or both limits.
CREATE PROCEDURE [InputCaseTests].[test good input Budget_EachScopeWithItsTarget is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Organization, user and API-key budgets (the key of the same organization) are all accepted, with money, token or both limits.
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
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, 0.8);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'user', @UserId, NULL, 'daily', 'USD', NULL, 1000000, 1);
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'apikey', NULL, @ApiKeyId, 'lifetime', 'USD', 100, 5000000, NULL);
END;
GO
-- rule: Every progress status is accepted with its times, and a failed deployment with a message.
CREATE PROCEDURE [InputCaseTests].[test good input DeploymentHistory_ProgressStatuses is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Every progress status is accepted with its times, and a failed deployment with a message.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'started');
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'schema-applied', '2026-12-01T10:00:00');
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt], [FinishedAt])
    VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'completed', '2026-12-01T10:00:05', '2026-12-01T10:00:09');
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [FinishedAt], [Message])
    VALUES ('1.1.0', 'rollback', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'failed', '2026-12-01T10:01:00', N'Post-deployment script failed.');
    -- A row as v1.0.0/v1.1.0 tools write it (no progress columns) is a completed deployment.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('1.1.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.1.0');
END;
GO
-- rule: Versions like '1.2.3' and the word 'current' are accepted for applies and rollbacks.
CREATE PROCEDURE [InputCaseTests].[test good input DeploymentHistory_SemverAndCurrent is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Versions like '1.2.3' and the word 'current' are accepted for applies and rollbacks.
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('1.0.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('current', 'rollback', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
    INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
    VALUES ('10.20.30', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
END;
GO
-- rule: A model keeps a closed old price, an open current price and a price in another currency.
CREATE PROCEDURE [InputCaseTests].[test good input ModelPrice_PriceHistoryForOneModel is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A model keeps a closed old price, an open current price and a price in another currency.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 2.5, 10, '2025-01-01T00:00:00', '2025-06-01T00:00:00');
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'USD', 2, 8, '2025-06-01T00:00:00', NULL);
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
    VALUES (@ModelId, 'EUR', 2.3, 9.2, '2025-01-01T00:00:00', NULL);
END;
GO
-- rule: Slugs of exactly 3 and exactly 63 allowed characters are accepted.
CREATE PROCEDURE [InputCaseTests].[test good input Organization_SlugAtLengthBounds is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Slugs of exactly 3 and exactly 63 allowed characters are accepted.
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 3)), N'Shortest slug'),
           ('a-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 30) + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 31)), N'Longest slug');
END;
GO
-- rule: Key ids of the shapes key services use are accepted (a URL with a version segment, an ARN with a key id).
CREATE PROCEDURE [InputCaseTests].[test good input ProviderCredential_KeyIdsOfKnownKeyServices is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Key ids of the shapes key services use are accepted (a URL with a version segment, an ARN with a key id).
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'vault', 'https://vault.example/keys/provider-secrets/0123456789abcdef0123456789abcdef', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'arn', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'smallest', 'local-test/v1', CRYPT_GEN_RANDOM(40), 0x01 + CRYPT_GEN_RANDOM(29), @UserId);
END;
GO
-- rule: A revoked credential's label can hold a new credential; the revoked version stays as history.
CREATE PROCEDURE [InputCaseTests].[test good input ProviderCredential_RevokedLabelCanBeStoredAgain is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A revoked credential's label can hold a new credential; the revoked version stays as history.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @ProviderCredentialId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [tenancy].[ProviderCredential] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = @UserId WHERE [ProviderCredentialId] = @ProviderCredentialId;
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v2', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
END;
GO
-- rule: The same request recorded twice is stored once; the second call reports the existing row.
CREATE PROCEDURE [InputCaseTests].[test good input RecordUsageEvent_DuplicateRequestIsANoOp is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: The same request recorded twice is stored once; the second call reports the existing row.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId, @ApiKeyId = @ApiKeyId, @UserId = @UserId, @ModelId = @ModelId, @OccurredAt = @At,
        @PromptTokens = 10, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300, @TimeToFirstTokenMs = 100, @StatusCode = 200, @ErrorClass = NULL, @Tags = N'{"feature":"chat"}';
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId, @ApiKeyId = @ApiKeyId, @UserId = @UserId, @ModelId = @ModelId, @OccurredAt = @At,
        @PromptTokens = 10, @CompletionTokens = 20, @CachedTokens = 0, @LatencyMs = 300, @TimeToFirstTokenMs = 100, @StatusCode = 200, @ErrorClass = NULL, @Tags = N'{"feature":"chat"}';
    IF (SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [RequestId] = @RequestId) <> 1
        THROW 59999, N'The duplicate request was stored twice.', 1;
END;
GO
-- rule: A request served before its key was revoked is still recorded.
CREATE PROCEDURE [InputCaseTests].[test good input RecordUsageEvent_KeyRevokedAfterTheEventIsRecorded is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A request served before its key was revoked is still recorded.
    SET QUOTED_IDENTIFIER ON;
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ApiKeyId INT;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
            HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
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
    UPDATE [identity].[ApiKey] SET [RevokedAt] = DATEADD(MINUTE, -1, SYSUTCDATETIME()) WHERE [ApiKeyId] = @ApiKeyId;
    DECLARE @RequestId VARCHAR(64) = CONVERT(VARCHAR(36), NEWID());
    DECLARE @EventAt DATETIME2(3) = DATEADD(MINUTE, -30, @At);
    EXECUTE [usage].[RecordUsageEvent]
        @OrganizationId = @OrganizationId, @RequestId = @RequestId,
        @ApiKeyId = @ApiKeyId,
        @UserId = @UserId,
        @ModelId = @ModelId,
        @OccurredAt = @EventAt,
        @PromptTokens = 10,
        @CompletionTokens = 20,
        @CachedTokens = 0,
        @LatencyMs = 300,
        @TimeToFirstTokenMs = 100,
        @StatusCode = 200,
        @ErrorClass = NULL,
        @Tags = NULL;
END;
GO
-- rule: Storing a key under a label that has a live credential revokes the old one and inserts the new one.
CREATE PROCEDURE [InputCaseTests].[test good input StoreProviderCredential_ReplacesTheLiveCredentialOfTheLabel is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Storing a key under a label that has a live credential revokes the old one and inserts the new one.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, 'owner');
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
END;
GO
-- rule: A deleted key's name can be given to a new key of the same organization.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_ApiKey_Organization_Name_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A deleted key's name can be given to a new key of the same organization.
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
    UPDATE [identity].[ApiKey] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ApiKeyId] = @ApiKeyId;
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
END;
GO
-- rule: After a budget is deleted, its scope and period can get a new budget.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_Budget_Scope_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: After a budget is deleted, its scope and period can get a new budget.
    DECLARE @OrganizationId INT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @BudgetId INT;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [billing].[Budget] SET [DeletedAt] = SYSUTCDATETIME() WHERE [BudgetId] = @BudgetId;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
    VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 200, NULL, NULL);
END;
GO
-- rule: A deleted model's name can be used again by the same provider.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_Model_Provider_Name_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A deleted model's name can be used again by the same provider.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @ModelId INT;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000);
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [catalog].[Model] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ModelId] = @ModelId;
    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, 'case-model', N'Case model', 128000, NULL, 'active');
END;
GO
-- rule: The slug of a soft-deleted organization can be taken by a new one.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_Organization_Slug_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: The slug of a soft-deleted organization can be taken by a new one.
    DECLARE @Slug VARCHAR(63) = 't-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'First');
    UPDATE [tenancy].[Organization] SET [DeletedAt] = SYSUTCDATETIME() WHERE [Slug] = @Slug;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Second');
END;
GO
-- rule: A deleted provider's display name can be shown by a new provider.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_Provider_DisplayName_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: A deleted provider's display name can be shown by a new provider.
    DECLARE @ProviderId INT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @DisplayName NVARCHAR(200) = (SELECT [DisplayName] FROM [catalog].[Provider] WHERE [ProviderId] = @ProviderId);
    UPDATE [catalog].[Provider] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ProviderId] = @ProviderId;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
END;
GO
-- rule: The email of a soft-deleted user can be registered again.
CREATE PROCEDURE [InputCaseTests].[test good input UQ_User_Email_Live_AllowsReuseAfterSoftDelete is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: The email of a soft-deleted user can be registered again.
    DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'First');
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [Email] = @Email;
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'Second');
END;
GO
-- rule: Each accepted PHC scheme (argon2id v19, pbkdf2-sha256, pbkdf2-sha512) can be stored.
CREATE PROCEDURE [InputCaseTests].[test good input UserCredential_EachPhcScheme is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: Each accepted PHC scheme (argon2id v19, pbkdf2-sha256, pbkdf2-sha512) can be stored.
    DECLARE @UserId1 INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId1 = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId2 INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId2 = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @UserId3 INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
    SET @UserId3 = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (@UserId1, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc'),
           (@UserId2, '$pbkdf2-sha256$i=600000$c29tZXNhbHQ$Hf2ePZLFhYFpcUSOYnJmFfGNkRnMeDZzXG2FqFqZXoQ'),
           (@UserId3, '$pbkdf2-sha512$i=210000$c29tZXNhbHQ$0QFWsnVU0ovZZKmXbQ9NeQwAJN2BoZ2zYh2d1GnCmkMIN1wHxnG8xKDoXxTQpNOeXh1hl7mQYfoyVxkeIu8p9w');
END;
GO
-- rule: The erasure value docs/security.md documents, erased+<UserId>@erased.invalid, passes CK_User_EmailShape.
CREATE PROCEDURE [InputCaseTests].[test good input User_ErasedEmailShape is accepted]
AS
BEGIN
    EXECUTE tSQLt.ExpectNoException;
    -- rule: The erasure value docs/security.md documents, erased+<UserId>@erased.invalid, passes CK_User_EmailShape.
    DECLARE @UserId INT;
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'To be erased');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [identity].[User]
    SET [Email] = CONCAT(N'erased+', @UserId, N'@erased.invalid'),
        [DisplayName] = N'Erased user',
        [DeletedAt] = SYSUTCDATETIME(),
        [UpdatedAt] = SYSUTCDATETIME()
    WHERE [UserId] = @UserId;
END;
GO
