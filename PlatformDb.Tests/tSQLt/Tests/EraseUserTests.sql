EXECUTE tSQLt.NewTestClass @ClassName = N'EraseUserTests';
GO
CREATE PROCEDURE [EraseUserTests].[test erasing a user redacts the e-mail and display name and soft-deletes the row]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;

    DECLARE @Email NVARCHAR(320), @DisplayName NVARCHAR(200), @IsDeleted BIT;
    SELECT @Email = [Email], @DisplayName = [DisplayName], @IsDeleted = CASE WHEN [DeletedAt] IS NULL THEN 0 ELSE 1 END
    FROM [identity].[User] WHERE [UserId] = @UserId;
    DECLARE @ExpectedEmail NVARCHAR(320) = CONCAT(N'erased+', @UserId, N'@erased.invalid');
    EXECUTE tSQLt.AssertEqualsString @Expected = @ExpectedEmail, @Actual = @Email;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Erased user', @Actual = @DisplayName;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @IsDeleted;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test erasing a user deletes the password and closes the memberships]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    DECLARE @Credentials INT = (SELECT COUNT(*) FROM [identity].[UserCredential] WHERE [UserId] = @UserId);
    DECLARE @LiveMemberships INT = (SELECT COUNT(*) FROM [tenancy].[Membership] WHERE [UserId] = @UserId AND [RemovedAt] IS NULL);
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Credentials;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @LiveMemberships;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test erasing a user revokes the API keys the user created]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    DECLARE @IsRevoked BIT = (SELECT CASE WHEN [RevokedAt] IS NULL THEN 0 ELSE 1 END FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @IsRevoked;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test erasing a user clears the tags of the user's usage events and keeps their totals]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;
    SELECT [UsageEventId], [PromptTokens], [CompletionTokens], [CostAmount], CAST(NULL AS NVARCHAR(400)) AS [Tags]
    INTO [#Expected]
    FROM [usage].[UsageEvent] WHERE [UserId] = @UserId;
    -- Not vacuous: the builder recorded a tagged event of the person.
    DECLARE @TaggedBefore INT = (SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [UserId] = @UserId AND [Tags] IS NOT NULL);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @TaggedBefore;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    SELECT [UsageEventId], [PromptTokens], [CompletionTokens], [CostAmount], [Tags]
    INTO [#Actual]
    FROM [usage].[UsageEvent] WHERE [UserId] = @UserId;
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
CREATE PROCEDURE [EraseUserTests].[test erasing a user twice changes nothing the second time and writes one audit event]
AS
BEGIN
    -- The Status result ('erased', then 'already_erased') is asserted by the live tests: INSERT ... EXECUTE cannot wrap a
    -- procedure that sets a savepoint.
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;
    DECLARE @UserVersion BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[User] WHERE [UserId] = @UserId);
    DECLARE @KeyVersion BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId);
    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    DECLARE @Events INT = (SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'identity.user_erased' AND [TargetId] = CONVERT(VARCHAR(100), @UserId));
    DECLARE @UserVersionAfter BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[User] WHERE [UserId] = @UserId);
    DECLARE @KeyVersionAfter BINARY(8) = (SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events;
    EXECUTE tSQLt.AssertEquals @Expected = @UserVersion, @Actual = @UserVersionAfter;
    EXECUTE tSQLt.AssertEquals @Expected = @KeyVersion, @Actual = @KeyVersionAfter;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test the erasure audit event holds ids only and is chained]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;

    SELECT [e].[ActorType], [e].[ActorUserId], [e].[TargetType], [e].[TargetId], [e].[Details],
           CASE WHEN [c].[AuditEventId] IS NULL THEN 0 ELSE 1 END AS [IsChained]
    INTO [#Actual]
    FROM [audit].[AuditEvent] AS [e]
    LEFT JOIN [audit].[AuditChain] AS [c] ON [c].[AuditEventId] = [e].[AuditEventId]
    WHERE [e].[Action] = 'identity.user_erased' AND [e].[TargetId] = CONVERT(VARCHAR(100), @UserId);
    SELECT CAST('user' AS VARCHAR(10)) AS [ActorType], @UserId AS [ActorUserId], CAST('user' AS VARCHAR(50)) AS [TargetType],
           CONVERT(VARCHAR(100), @UserId) AS [TargetId], CAST(NULL AS NVARCHAR(MAX)) AS [Details], 1 AS [IsChained]
    INTO [#Expected];
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
CREATE PROCEDURE [EraseUserTests].[test the last owner of an organization is not erased (50117)]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50117;
    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test another user may not erase a person (50116)]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;
    DECLARE @OwnerId INT = (SELECT [UserId] FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [Role] = 'owner');

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50116;
    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @OwnerId;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test a refusal inside a caller's transaction keeps it open with the caller's work]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @Number INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @UserId OUTPUT;
    UPDATE [tenancy].[Organization] SET [DisplayName] = N'Renamed by the caller' WHERE [OrganizationId] = @OrganizationId;

    BEGIN TRY
        EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;
    END TRY
    BEGIN CATCH
        SET @Number = ERROR_NUMBER();
    END CATCH;

    DECLARE @State INT = XACT_STATE();
    DECLARE @DisplayName NVARCHAR(200) = (SELECT [DisplayName] FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId);
    DECLARE @LiveMemberships INT = (SELECT COUNT(*) FROM [tenancy].[Membership] WHERE [UserId] = @UserId AND [RemovedAt] IS NULL);
    EXECUTE tSQLt.AssertEquals @Expected = 50117, @Actual = @Number;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @State;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Renamed by the caller', @Actual = @DisplayName;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @LiveMemberships;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test an unknown user is refused with 50115]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50115;
    EXECUTE [identity].[EraseUser] @UserId = -1, @ActorUserId = NULL;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test erasure with a session organization set is refused with 50118 and writes nothing]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT, @Number INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = @OrganizationId;
    BEGIN TRY
        EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;
    END TRY
    BEGIN CATCH
        SET @Number = ERROR_NUMBER();
    END CATCH;
    -- Session context is not part of the test transaction: reset it before asserting.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;

    DECLARE @IsDeleted INT = (SELECT CASE WHEN [DeletedAt] IS NULL THEN 0 ELSE 1 END FROM [identity].[User] WHERE [UserId] = @UserId);
    EXECUTE tSQLt.AssertEquals @Expected = 50118, @Actual = @Number;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @IsDeleted;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test a user soft-deleted earlier is erased and keeps its deletion time]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;
    UPDATE [identity].[User] SET [DeletedAt] = [CreatedAt] WHERE [UserId] = @UserId;
    DECLARE @DeletedAt DATETIME2(3) = (SELECT [DeletedAt] FROM [identity].[User] WHERE [UserId] = @UserId);

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    DECLARE @Email NVARCHAR(320), @DeletedAtAfter DATETIME2(3);
    SELECT @Email = [Email], @DeletedAtAfter = [DeletedAt] FROM [identity].[User] WHERE [UserId] = @UserId;
    DECLARE @ExpectedEmail NVARCHAR(320) = CONCAT(N'erased+', @UserId, N'@erased.invalid');
    DECLARE @Events INT = (SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'identity.user_erased' AND [TargetId] = CONVERT(VARCHAR(100), @UserId));
    EXECUTE tSQLt.AssertEqualsString @Expected = @ExpectedEmail, @Actual = @Email;
    EXECUTE tSQLt.AssertEquals @Expected = @DeletedAt, @Actual = @DeletedAtAfter;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events;
END;
GO
CREATE PROCEDURE [EraseUserTests].[test a deleted user whose own address looks erased still has the display name redacted]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewErasurePerson] @UserId = @UserId OUTPUT, @OrganizationId = @OrganizationId OUTPUT, @ApiKeyId = @ApiKeyId OUTPUT;
    UPDATE [identity].[User]
    SET [Email] = CONCAT(N'erased+', @UserId, N'@erased.invalid'), [DeletedAt] = [CreatedAt]
    WHERE [UserId] = @UserId;

    EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = NULL;

    DECLARE @DisplayName NVARCHAR(200) = (SELECT [DisplayName] FROM [identity].[User] WHERE [UserId] = @UserId);
    DECLARE @Events INT = (SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'identity.user_erased' AND [TargetId] = CONVERT(VARCHAR(100), @UserId));
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Erased user', @Actual = @DisplayName;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events;
END;
GO
