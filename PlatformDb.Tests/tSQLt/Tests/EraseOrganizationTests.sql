EXECUTE tSQLt.NewTestClass @ClassName = N'EraseOrganizationTests';
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization redacts its name and slug and soft-deletes it]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @OwnerId;

    DECLARE @Slug VARCHAR(63), @DisplayName NVARCHAR(200), @IsDeleted BIT;
    SELECT @Slug = [Slug], @DisplayName = [DisplayName], @IsDeleted = CASE WHEN [DeletedAt] IS NULL THEN 0 ELSE 1 END
    FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId;
    DECLARE @ExpectedSlug VARCHAR(63) = CONCAT('erased-', @OrganizationId);
    EXECUTE tSQLt.AssertEqualsString @Expected = @ExpectedSlug, @Actual = @Slug;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Erased organization', @Actual = @DisplayName;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @IsDeleted;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization revokes and renames every key and closes every membership]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = NULL;

    DECLARE @LiveKeys INT = (SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [OrganizationId] = @OrganizationId AND [RevokedAt] IS NULL);
    DECLARE @NamedKeys INT = (SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [OrganizationId] = @OrganizationId AND [Name] <> CONCAT(N'erased-key-', [ApiKeyId]));
    DECLARE @LiveMembers INT = (SELECT COUNT(*) FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [RemovedAt] IS NULL);
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @LiveKeys;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @NamedKeys;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @LiveMembers;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization keeps the time of a key revoked earlier]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    SELECT [ApiKeyId], [RevokedAt], [RevokedByUserId] INTO [#Expected]
    FROM [identity].[ApiKey] WHERE [OrganizationId] = @OrganizationId AND [RevokedAt] IS NOT NULL;

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = NULL;

    SELECT [k].[ApiKeyId], [k].[RevokedAt], [k].[RevokedByUserId] INTO [#Actual]
    FROM [identity].[ApiKey] AS [k] INNER JOIN [#Expected] AS [e] ON [e].[ApiKeyId] = [k].[ApiKeyId];
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization clears usage tags and keeps usage and budget totals]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    DECLARE @CostBefore DECIMAL(19, 6) = (SELECT SUM([CostAmount]) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId);
    DECLARE @SpentBefore DECIMAL(19, 6) = (SELECT SUM([SpentAmount]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId);
    -- Not vacuous: the builder recorded two tagged events (one per key).
    DECLARE @TaggedBefore INT = (SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [Tags] IS NOT NULL);
    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @TaggedBefore;

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @OwnerId;

    DECLARE @CostAfter DECIMAL(19, 6) = (SELECT SUM([CostAmount]) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId);
    DECLARE @SpentAfter DECIMAL(19, 6) = (SELECT SUM([SpentAmount]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId);
    DECLARE @Tagged INT = (SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [Tags] IS NOT NULL);
    EXECUTE tSQLt.AssertEquals @Expected = @CostBefore, @Actual = @CostAfter;
    EXECUTE tSQLt.AssertEquals @Expected = @SpentBefore, @Actual = @SpentAfter;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Tagged;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization twice writes one audit event and the owner may retry]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @OwnerId;
    DECLARE @Version BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId);
    EXECUTE tSQLt.ExpectNoException;
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @OwnerId;

    DECLARE @Events INT = (SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'tenancy.organization_erased' AND [OrganizationId] = @OrganizationId);
    DECLARE @VersionAfter BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events;
    EXECUTE tSQLt.AssertEquals @Expected = @Version, @Actual = @VersionAfter;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test an admin may not erase the organization (50511)]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    UPDATE [tenancy].[Membership] SET [Role] = 'admin' WHERE [OrganizationId] = @OrganizationId AND [UserId] = @MemberId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50511;
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @MemberId;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test an unknown organization is refused with 50510]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50510;
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = -1, @ActorUserId = NULL;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test another organization than the session's is refused with 50510 and writes nothing]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT, @OtherOrganizationId INT, @Number INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT;
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = @OtherOrganizationId;
    BEGIN TRY
        EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = NULL;
    END TRY
    BEGIN CATCH
        SET @Number = ERROR_NUMBER();
    END CATCH;
    -- Session context is not part of the test transaction: reset it before asserting.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;

    DECLARE @IsDeleted INT = (SELECT CASE WHEN [DeletedAt] IS NULL THEN 0 ELSE 1 END FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId);
    EXECUTE tSQLt.AssertEquals @Expected = 50510, @Actual = @Number;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsDeleted;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test a live key named like another key's erased name is renamed without a unique key violation]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT, @FirstKeyId INT, @SecondKeyId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerId, @ApiKeyId = @FirstKeyId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerId, @ApiKeyId = @SecondKeyId OUTPUT;
    -- The first key already carries the name the second one gets (UQ_ApiKey_Organization_Name_Live holds at the end of
    -- the statement, when every key carries its own id).
    DECLARE @Taken NVARCHAR(100) = CONCAT(N'erased-key-', @SecondKeyId);
    UPDATE [identity].[ApiKey] SET [Name] = @Taken WHERE [ApiKeyId] = @FirstKeyId;

    EXECUTE tSQLt.ExpectNoException;
    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = NULL;

    DECLARE @Misnamed INT = (SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [OrganizationId] = @OrganizationId AND [Name] <> CONCAT(N'erased-key-', [ApiKeyId]));
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Misnamed;
END;
GO
CREATE PROCEDURE [EraseOrganizationTests].[test erasing an organization deletes its provider credentials and no other organization's]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerId INT, @MemberId INT, @BudgetId INT, @OtherOrganizationId INT, @OtherOwnerId INT, @ProviderId INT;
    EXECUTE [TestData].[NewErasureOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerId = @OwnerId OUTPUT, @MemberId = @MemberId OUTPUT, @BudgetId = @BudgetId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerId OUTPUT;
    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES (CONCAT('p', [TestData].[UniqueToken](NEWID())), N'Erasure test provider');
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
    -- Envelope format 1 (0x01, nonce, tag, ciphertext) and a wrapped key of 40 bytes: the shapes the table checks.
    INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
    VALUES (@OrganizationId, @ProviderId, N'Production', 'kms-key/1', CAST(CRYPT_GEN_RANDOM(40) AS VARBINARY(1024)), 0x01 + CAST(CRYPT_GEN_RANDOM(40) AS VARBINARY(8000)), @OwnerId),
           (@OtherOrganizationId, @ProviderId, N'Production', 'kms-key/1', CAST(CRYPT_GEN_RANDOM(40) AS VARBINARY(1024)), 0x01 + CAST(CRYPT_GEN_RANDOM(40) AS VARBINARY(8000)), @OtherOwnerId);

    EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @OwnerId;

    DECLARE @Erased INT = (SELECT COUNT(*) FROM [tenancy].[ProviderCredential] WHERE [OrganizationId] = @OrganizationId);
    DECLARE @Other INT = (SELECT COUNT(*) FROM [tenancy].[ProviderCredential] WHERE [OrganizationId] = @OtherOrganizationId);
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Erased;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Other;
END;
GO
