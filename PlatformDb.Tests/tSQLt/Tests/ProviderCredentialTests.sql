EXECUTE tSQLt.NewTestClass @ClassName = N'ProviderCredentialTests';
GO
-- The rows each test works on; SetUp fills it inside the test's transaction, which tSQLt rolls back.
CREATE TABLE [ProviderCredentialTests].[Fixture]
(
    [OrganizationId]      INT NOT NULL,
    [UserId]              INT NOT NULL,
    [ProviderId]          INT NOT NULL,
    [OtherOrganizationId] INT NOT NULL,
    [OtherUserId]         INT NOT NULL
);
GO
CREATE PROCEDURE [ProviderCredentialTests].[SetUp]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @OtherOrganizationId INT, @OtherUserId INT;

    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Secrets organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Secrets owner');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'owner');

    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
    SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other owner');
    SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OtherOrganizationId, @OtherUserId, 'owner');

    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Secrets provider ' + CONVERT(NVARCHAR(36), NEWID()));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);

    INSERT INTO [ProviderCredentialTests].[Fixture] ([OrganizationId], [UserId], [ProviderId], [OtherOrganizationId], [OtherUserId])
    VALUES (@OrganizationId, @UserId, @ProviderId, @OtherOrganizationId, @OtherUserId);
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test a stored credential is returned by GetProviderCredential exactly as stored]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;

    CREATE TABLE #Actual ([ProviderCredentialId] INT, [Label] NVARCHAR(100), [KeyId] VARCHAR(256), [WrappedDataKey] VARBINARY(1024), [Ciphertext] VARBINARY(8000));
    INSERT INTO #Actual EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';

    SELECT [Label], [KeyId], [WrappedDataKey], [Ciphertext] INTO #Expected FROM #Actual WHERE 1 = 0;
    INSERT INTO #Expected ([Label], [KeyId], [WrappedDataKey], [Ciphertext]) VALUES (N'default', 'local-test/v1', @Wrapped, @Ciphertext);
    SELECT [Label], [KeyId], [WrappedDataKey], [Ciphertext] INTO #ActualValues FROM #Actual;
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#ActualValues';
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test storing under a live label revokes the old credential and keeps one live]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v2', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;

    SELECT [KeyId], CASE WHEN [RevokedAt] IS NULL THEN 0 ELSE 1 END AS [Revoked], [RevokedByUserId]
    INTO #Actual
    FROM [tenancy].[ProviderCredential]
    WHERE [OrganizationId] = @OrganizationId;

    SELECT TOP (0) * INTO #Expected FROM #Actual;
    INSERT INTO #Expected ([KeyId], [Revoked], [RevokedByUserId]) VALUES ('local-test/v1', 1, @UserId), ('local-test/v2', 0, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test another organization reading the credential is refused with 50523]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @OtherOrganizationId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId], @OtherOrganizationId = [OtherOrganizationId]
    FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50523,
        @ExpectedMessage = N'No live provider credential with this provider and label exists for the organization.';
    EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OtherOrganizationId, @ProviderId = @ProviderId, @Label = N'default';
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test a revoked credential is refused with 50523]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @ProviderCredentialId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    SET @ProviderCredentialId = CAST(SCOPE_IDENTITY() AS INT);
    EXECUTE [tenancy].[RevokeProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId, @ActorUserId = @UserId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50523;
    EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test revoking twice writes one audit event and keeps the first revocation]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @ProviderCredentialId INT, @FirstRevokedAt DATETIME2(3);
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    SET @ProviderCredentialId = CAST(SCOPE_IDENTITY() AS INT);

    EXECUTE [tenancy].[RevokeProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId, @ActorUserId = @UserId;
    SELECT @FirstRevokedAt = [RevokedAt] FROM [tenancy].[ProviderCredential] WHERE [ProviderCredentialId] = @ProviderCredentialId;
    EXECUTE [tenancy].[RevokeProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId, @ActorUserId = @UserId;

    DECLARE @Events INT = (SELECT COUNT(*) FROM [audit].[AuditEvent]
                           WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.provider_credential_revoked'
                             AND [TargetId] = CONVERT(VARCHAR(100), @ProviderCredentialId));
    DECLARE @RevokedAt DATETIME2(3) = (SELECT [RevokedAt] FROM [tenancy].[ProviderCredential] WHERE [ProviderCredentialId] = @ProviderCredentialId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events;
    EXECUTE tSQLt.AssertEquals @Expected = @FirstRevokedAt, @Actual = @RevokedAt;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test rewrap replaces key id and wrapped key and keeps the ciphertext]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @ProviderCredentialId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    DECLARE @NewWrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), @Ciphertext, @UserId);
    SET @ProviderCredentialId = CAST(SCOPE_IDENTITY() AS INT);

    EXECUTE [tenancy].[RewrapProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId,
        @ExpectedKeyId = 'local-test/v1', @NewKeyId = 'local-test/v2', @NewWrappedDataKey = @NewWrapped;

    SELECT [KeyId], [WrappedDataKey], [Ciphertext], CASE WHEN [RewrappedAt] IS NULL THEN 0 ELSE 1 END AS [Rewrapped]
    INTO #Actual
    FROM [tenancy].[ProviderCredential]
    WHERE [ProviderCredentialId] = @ProviderCredentialId;
    SELECT TOP (0) * INTO #Expected FROM #Actual;
    INSERT INTO #Expected ([KeyId], [WrappedDataKey], [Ciphertext], [Rewrapped]) VALUES ('local-test/v2', @NewWrapped, @Ciphertext, 1);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test rewrap from a key id that changed meanwhile is refused with 50525]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @ProviderCredentialId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @NewWrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v2', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    SET @ProviderCredentialId = CAST(SCOPE_IDENTITY() AS INT);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50525;
    EXECUTE [tenancy].[RewrapProviderCredential] @OrganizationId = @OrganizationId, @ProviderCredentialId = @ProviderCredentialId,
        @ExpectedKeyId = 'local-test/v1', @NewKeyId = 'local-test/v3', @NewWrappedDataKey = @NewWrapped;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test a plaintext key instead of an envelope is refused with 50522]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Plaintext VARBINARY(8000) = CONVERT(VARBINARY(8000), 'sk-live-0123456789abcdefghijklmnopqrstuvwxyz');

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50522;
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Plaintext, @ActorUserId = @UserId;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test an owner of another organization cannot store a credential, 50520]
AS
BEGIN
    DECLARE @OrganizationId INT, @ProviderId INT, @OtherUserId INT;
    SELECT @OrganizationId = [OrganizationId], @ProviderId = [ProviderId], @OtherUserId = [OtherUserId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50520;
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @OtherUserId;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test the store audit event names ids and the key id but holds no key material]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
    EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
        @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;

    DECLARE @Details NVARCHAR(MAX) = (SELECT [Details] FROM [audit].[AuditEvent]
                                      WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.provider_credential_stored');
    DECLARE @KeyId NVARCHAR(256) = JSON_VALUE(@Details, '$.keyId');
    DECLARE @Provider INT = CAST(JSON_VALUE(@Details, '$.providerId') AS INT);
    -- Neither the ciphertext nor the wrapped key appears, as hex with or without 0x.
    DECLARE @Leaks INT = CASE WHEN CHARINDEX(CONVERT(VARCHAR(200), @Ciphertext, 2), @Details) > 0
                                OR CHARINDEX(CONVERT(VARCHAR(200), @Wrapped, 2), @Details) > 0 THEN 1 ELSE 0 END;
    EXECUTE tSQLt.AssertEquals @Expected = N'local-test/v1', @Actual = @KeyId;
    EXECUTE tSQLt.AssertEquals @Expected = @ProviderId, @Actual = @Provider;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Leaks;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test platform_app cannot select the table but reads the credential through GetProviderCredential]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    -- A user without login that is only a member of platform_app; created inside the test's transaction, so rolled back.
    CREATE USER [ProviderCredentialTests_app] WITHOUT LOGIN;
    ALTER ROLE [platform_app] ADD MEMBER [ProviderCredentialTests_app];
    -- A table variable, not a temp table: no permission on it is checked under the impersonation.
    DECLARE @Read TABLE ([ProviderCredentialId] INT, [Label] NVARCHAR(100), [KeyId] VARCHAR(256), [WrappedDataKey] VARBINARY(1024), [Ciphertext] VARBINARY(8000));
    DECLARE @SelectError INT = 0;
    DECLARE @Rows INT;

    EXECUTE AS USER = N'ProviderCredentialTests_app';
    BEGIN TRY
        SELECT @Rows = COUNT(*) FROM [tenancy].[ProviderCredential];
    END TRY
    BEGIN CATCH
        SET @SelectError = ERROR_NUMBER();
    END CATCH;
    BEGIN TRY
        INSERT INTO @Read EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';
    END TRY
    BEGIN CATCH
        -- Leave the impersonation before any assertion can end the test.
    END CATCH;
    REVERT;

    DECLARE @ReadRows INT = (SELECT COUNT(*) FROM @Read);
    EXECUTE tSQLt.AssertEquals @Expected = 229, @Actual = @SelectError;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @ReadRows;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test a service session confined to its organization stores, reads and audits its own credential]
AS
BEGIN
    -- Row-level security on the real tables (FakeTable would drop the policy's effect): the store's probe, insert and
    -- audit insert run under the BLOCK AFTER INSERT predicates of tenancy.ProviderCredential and audit.AuditEvent.
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    CREATE USER [ProviderCredentialTests_app] WITHOUT LOGIN;
    ALTER ROLE [platform_app] ADD MEMBER [ProviderCredentialTests_app];
    DECLARE @Read TABLE ([ProviderCredentialId] INT, [Label] NVARCHAR(100), [KeyId] VARCHAR(256), [WrappedDataKey] VARBINARY(1024), [Ciphertext] VARBINARY(8000));
    DECLARE @Error INT = 0;
    DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
    DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);

    EXECUTE AS USER = N'ProviderCredentialTests_app';
    -- Session context outlives the test's rollback: it is reset below before any assertion.
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @OrganizationId;
    BEGIN TRY
        EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default',
            @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
        INSERT INTO @Read EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    DECLARE @ReadRows INT = (SELECT COUNT(*) FROM @Read WHERE [Ciphertext] = @Ciphertext);
    DECLARE @Audited INT = (SELECT COUNT(*) FROM [audit].[AuditEvent]
                            WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.provider_credential_stored');
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Error;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @ReadRows;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Audited;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test a service session confined to another organization is refused the credential with 50523]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT, @OtherOrganizationId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId], @OtherOrganizationId = [OtherOrganizationId]
    FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'default', 'local-test/v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    CREATE USER [ProviderCredentialTests_app] WITHOUT LOGIN;
    ALTER ROLE [platform_app] ADD MEMBER [ProviderCredentialTests_app];
    DECLARE @Error INT = 0;

    EXECUTE AS USER = N'ProviderCredentialTests_app';
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @OtherOrganizationId;
    BEGIN TRY
        -- The caller names the first organization, but its session is confined to the other one: the policy filters the row.
        EXECUTE [tenancy].[GetProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = N'default';
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    EXECUTE tSQLt.AssertEquals @Expected = 50523, @Actual = @Error;
END;
GO
CREATE PROCEDURE [ProviderCredentialTests].[test the rotation work list matches key ids byte for byte, not by the column collation]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
    SELECT @OrganizationId = [OrganizationId], @UserId = [UserId], @ProviderId = [ProviderId] FROM [ProviderCredentialTests].[Fixture];
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'lower', 'local-test/key-v1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId),
           (@OrganizationId, @ProviderId, N'upper', 'local-test/KEY-V1', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
    DECLARE @Listed TABLE ([OrganizationId] INT, [ProviderCredentialId] INT, [KeyId] VARCHAR(256), [WrappedDataKey] VARBINARY(1024));

    INSERT INTO @Listed EXECUTE [tenancy].[ListProviderCredentialsByKeyId] @KeyId = 'local-test/key-v1';

    DECLARE @Rows INT = (SELECT COUNT(*) FROM @Listed WHERE [OrganizationId] = @OrganizationId);
    DECLARE @Exact INT = (SELECT COUNT(*) FROM @Listed
                          WHERE [OrganizationId] = @OrganizationId AND [KeyId] COLLATE Latin1_General_100_BIN2 = 'local-test/key-v1');
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Exact;
END;
GO
