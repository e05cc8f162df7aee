/*
identity.CreateApiKey: the key row, its audit row, the scope projection written by TR_ApiKey_SyncScopes, and the
refusals 50111..50114 (docs/errors.md). Procedures that open a savepoint are called with plain EXECUTE, never inside
INSERT ... EXECUTE: a refusal rolls back to the savepoint, and SQL Server refuses ROLLBACK inside INSERT ... EXECUTE
(error 3915, known from practice, not found in the stored docs, so avoided rather than relied on). The new row is
found by its unique prefix instead of the result set.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'CreateApiKeyTests';
GO

CREATE PROCEDURE [CreateApiKeyTests].[test a new key belongs to the organization and is audited]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @AuditRows INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Build server', @KeyPrefix = @Prefix, @KeyHash = @Hash, @Scopes = N'["usage:write"]';
    SELECT @ApiKeyId = [ApiKeyId] FROM [identity].[ApiKey] WHERE [KeyPrefix] = @Prefix;

    SELECT [OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes], [RevokedAt]
    INTO [#Actual]
    FROM [identity].[ApiKey]
    WHERE [ApiKeyId] = @ApiKeyId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@OrganizationId, @OwnerUserId, N'Build server', @Prefix, @Hash, N'["usage:write"]', NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';

    SELECT @AuditRows = COUNT(*)
    FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'identity.apikey_created'
      AND [ActorUserId] = @OwnerUserId AND [TargetId] = CONVERT (VARCHAR (100), @ApiKeyId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test the scopes of a new key are projected into ApiKeyScope]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Scoped', @KeyPrefix = @Prefix, @KeyHash = @Hash, @Scopes = N'["usage:read","billing:read"]';
    SELECT @ApiKeyId = [ApiKeyId] FROM [identity].[ApiKey] WHERE [KeyPrefix] = @Prefix;

    SELECT [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    SELECT [v].[Scope] INTO [#Expected] FROM (VALUES (CAST(N'usage:read' AS NVARCHAR (400))), (N'billing:read')) AS [v] ([Scope]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test a key prefix that is already used is refused with 50112]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @UsedPrefix VARCHAR (16);
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', [TestData].[UniqueToken](NEWID())));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    SELECT @UsedPrefix = [KeyPrefix] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50112;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Second', @KeyPrefix = @UsedPrefix, @KeyHash = @Hash;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test a member who is not an owner or admin is refused with 50113]
AS
BEGIN
    DECLARE @OrganizationId INT, @MemberUserId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @MemberUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @MemberUserId,
        @Name = N'Not allowed', @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test an owner of another organization is refused with 50113]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OtherOwnerUserId,
        @Name = N'Cross tenant', @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test a name used by another live key of the organization is refused with 50114]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Name = N'Production';

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50114;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Production', @KeyPrefix = @Prefix, @KeyHash = @Hash;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test a hash that is not 32 bytes is refused with 50111 instead of being truncated]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    -- 40 bytes: a VARBINARY(32) parameter would have cut it silently to a valid-looking hash.
    DECLARE @LongHash VARBINARY (40) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token)) + 0x0102030405060708;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Long hash', @KeyPrefix = @Prefix, @KeyHash = @LongHash;
END;
GO

CREATE PROCEDURE [CreateApiKeyTests].[test an expiry in the past is refused with 50111]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('ck', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    DECLARE @Yesterday DATETIME2 (3) = DATEADD(DAY, -1, SYSUTCDATETIME());
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;
    EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @Name = N'Already expired', @KeyPrefix = @Prefix, @KeyHash = @Hash, @ExpiresAt = @Yesterday;
END;
GO
