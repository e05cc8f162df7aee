/*
identity.CreateUser: user, credential and audit row in one call; refusals 50108 (invalid values) and 50109 (e-mail
used by a live user).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'CreateUserTests';
GO

CREATE PROCEDURE [CreateUserTests].[test a new user gets a credential and an audit row without personal data]
AS
BEGIN
    DECLARE @UserId INT, @AuditRows INT;
    DECLARE @Email NVARCHAR (320) = CONCAT(N'new', [TestData].[UniqueToken](NEWID()), N'@example.test');

    EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'New User', @PasswordHash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
    SELECT @UserId = [UserId] FROM [identity].[User] WHERE [Email] = @Email AND [DeletedAt] IS NULL;

    SELECT [u].[Email], [u].[DisplayName], [c].[PasswordHash], [c].[FailedLoginCount], [c].[LockedUntil]
    INTO [#Actual]
    FROM [identity].[User] AS [u]
    INNER JOIN [identity].[UserCredential] AS [c] ON [c].[UserId] = [u].[UserId]
    WHERE [u].[UserId] = @UserId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@Email, N'New User', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', 0, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';

    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [Action] = 'identity.user_created' AND [ActorType] = 'system' AND [TargetId] = CONVERT (VARCHAR (100), @UserId)
      AND [Details] IS NULL;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [CreateUserTests].[test an e-mail used by a live user is refused with 50109 whatever its case]
AS
BEGIN
    DECLARE @UserId INT;
    DECLARE @Email NVARCHAR (320) = CONCAT(N'taken', [TestData].[UniqueToken](NEWID()), N'@example.test');
    DECLARE @Upper NVARCHAR (320) = UPPER(@Email);
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT, @Email = @Email;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50109;
    EXECUTE [identity].[CreateUser] @Email = @Upper, @DisplayName = N'Second', @PasswordHash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
END;
GO

CREATE PROCEDURE [CreateUserTests].[test a fast unsalted hash is refused with 50108]
AS
BEGIN
    DECLARE @Email NVARCHAR (320) = CONCAT(N'md5', [TestData].[UniqueToken](NEWID()), N'@example.test');

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Weak', @PasswordHash = '5f4dcc3b5aa765d61d8327deb882cf99';
END;
GO

CREATE PROCEDURE [CreateUserTests].[test an e-mail with a space is refused with 50108]
AS
BEGIN
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    EXECUTE [identity].[CreateUser] @Email = N'first last@example.test', @DisplayName = N'Spaced', @PasswordHash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
END;
GO
