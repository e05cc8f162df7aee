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
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Sole owner organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Sole owner');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'owner');

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
