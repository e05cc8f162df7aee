/*
identity.AuthenticateApiKey and its clocked body identity.AuthenticateApiKeyAt: refusals 50101..50103 (docs/errors.md),
the identity it returns and the last-use row it writes at most once a minute (identity.ApiKeyLastUse).
The refusals are thrown with XACT_ABORT OFF before anything is written, so the test transaction stays usable.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'AuthenticateApiKeyTests';
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test an unknown key hash is refused with 50101]
AS
BEGIN
    DECLARE @UnknownHash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', 'no key was ever created from this text'));

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50101, @ExpectedMessage = N'Unknown API key.';
    EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @UnknownHash, @At = '2026-03-18T10:00:00';
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a key of a deleted organization is refused like an unknown key]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT;
    UPDATE [tenancy].[Organization] SET [DeletedAt] = SYSUTCDATETIME() WHERE [OrganizationId] = @OrganizationId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50101;
    EXECUTE [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a revoked key is refused with 50102]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT;
    UPDATE [identity].[ApiKey]
    SET [RevokedAt] = SYSUTCDATETIME(), [RevokedByUserId] = @OwnerUserId
    WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50102, @ExpectedMessage = N'API key revoked.';
    EXECUTE [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a revoked key is refused even at a time before its revocation]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    UPDATE [identity].[ApiKey]
    SET [RevokedAt] = '2026-03-01T00:00:00', [RevokedByUserId] = @OwnerUserId
    WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50102;
    EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-02-01T00:00:00';
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test an expired key is refused with 50103]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT,
        @CreatedAt = '2026-01-01T00:00:00', @ExpiresAt = '2026-03-01T00:00:00';

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50103, @ExpectedMessage = N'API key expired.';
    -- Expiry is inclusive: at exactly ExpiresAt the key no longer works.
    EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-01T00:00:00';
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a valid key returns its identity]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT, @Scopes = N'["usage:read"]',
        @CreatedAt = '2026-01-01T00:00:00', @ExpiresAt = '2026-06-01T00:00:00';

    CREATE TABLE [#Actual] ([ApiKeyId] INT, [OrganizationId] INT, [CreatedByUserId] INT, [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000));
    INSERT INTO [#Actual] ([ApiKeyId], [OrganizationId], [CreatedByUserId], [KeyPrefix], [Scopes])
    EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-18T10:00:00';

    SELECT [k].[ApiKeyId], [k].[OrganizationId], [k].[CreatedByUserId], [k].[KeyPrefix], [k].[Scopes]
    INTO [#Expected]
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test the first use writes the last-use row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    -- Isolated from every other key's last use (no FK, no other rows): ApiKeyLastUse has no OrganizationId.
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[ApiKeyLastUse]';

    DECLARE @Identity TABLE ([ApiKeyId] INT, [OrganizationId] INT, [CreatedByUserId] INT, [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000));
    INSERT INTO @Identity EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-18T10:00:00';

    SELECT [ApiKeyId], [LastUsedAt] INTO [#Actual] FROM [identity].[ApiKeyLastUse];
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] ([ApiKeyId], [LastUsedAt]) VALUES (@ApiKeyId, '2026-03-18T10:00:00');

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a second use within a minute does not move the last-use time]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32), @LastUsedAt DATETIME2 (3);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT, @CreatedAt = '2026-01-01T00:00:00';

    DECLARE @Identity TABLE ([ApiKeyId] INT, [OrganizationId] INT, [CreatedByUserId] INT, [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000));
    INSERT INTO @Identity EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-18T10:00:00';
    INSERT INTO @Identity EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-18T10:00:59.999';

    DECLARE @Expected DATETIME2 (3) = '2026-03-18T10:00:00';
    SELECT @LastUsedAt = [LastUsedAt] FROM [identity].[ApiKeyLastUse] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = @Expected, @Actual = @LastUsedAt;
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test a use more than a minute later moves the last-use time]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @KeyHash VARBINARY (32), @LastUsedAt DATETIME2 (3);
    DECLARE @Expected DATETIME2 (3) = '2026-03-18T10:01:00.001';
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @KeyHash = @KeyHash OUTPUT, @CreatedAt = '2026-01-01T00:00:00';

    DECLARE @Identity TABLE ([ApiKeyId] INT, [OrganizationId] INT, [CreatedByUserId] INT, [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000));
    INSERT INTO @Identity EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = '2026-03-18T10:00:00';
    INSERT INTO @Identity EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = @Expected;

    SELECT @LastUsedAt = [LastUsedAt] FROM [identity].[ApiKeyLastUse] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = @Expected, @Actual = @LastUsedAt;
END;
GO

CREATE PROCEDURE [AuthenticateApiKeyTests].[test the public procedure passes the server clock to AuthenticateApiKeyAt]
AS
BEGIN
    DECLARE @KeyHash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', 'spied'));
    DECLARE @Before DATETIME2 (3) = DATEADD(MILLISECOND, -5, SYSUTCDATETIME());
    DECLARE @After DATETIME2 (3);
    DECLARE @Calls INT;

    -- The spy records each call's arguments into a temp table of this test (visible to the spy procedure it runs in).
    CREATE TABLE [#SpiedCalls] ([KeyHash] VARBINARY (32), [At] DATETIME2 (3));
    EXECUTE tSQLt.SpyProcedure @ProcedureName = N'[identity].[AuthenticateApiKeyAt]',
        @CommandToExecute = N'INSERT INTO #SpiedCalls ([KeyHash], [At]) VALUES (@KeyHash, @At);';
    EXECUTE [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
    SET @After = DATEADD(MILLISECOND, 5, SYSUTCDATETIME());

    SELECT @Calls = COUNT(*)
    FROM [#SpiedCalls] AS [l]
    WHERE [l].[KeyHash] = @KeyHash
      AND [l].[At] BETWEEN @Before AND @After;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Calls, @Message = N'one call with the key hash and a time between before and after';
END;
GO
