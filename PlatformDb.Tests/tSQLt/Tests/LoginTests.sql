/*
The password-login path: identity.GetLoginByEmail, identity.RecordLoginAttempt (lock-out after 5 consecutive
failures for 15 minutes, audited) and identity.SetPasswordHash. identity.UserCredential has no OrganizationId, so
it is faked (tSQLt.FakeTable @Defaults = 1) where a test needs a credential in a given state; the real
identity.User row the builder wrote stays, so the procedures' join to it is exercised.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'LoginTests';
GO

CREATE PROCEDURE [LoginTests].[test the fifth consecutive failure locks the credential for 15 minutes and audits it]
AS
BEGIN
    DECLARE @UserId INT, @Count INT, @LockedUntil DATETIME2 (3), @AuditRows INT;
    DECLARE @Before DATETIME2 (3) = DATEADD(MILLISECOND, -5, DATEADD(MINUTE, 15, SYSUTCDATETIME()));
    DECLARE @After DATETIME2 (3);
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[UserCredential]', @Defaults = 1;
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount], [LockedUntil])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA', 4, NULL);

    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 0;
    SET @After = DATEADD(MILLISECOND, 5, DATEADD(MINUTE, 15, SYSUTCDATETIME()));

    SELECT @Count = [FailedLoginCount], @LockedUntil = [LockedUntil] FROM [identity].[UserCredential] WHERE [UserId] = @UserId;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Count, @Message = N'the count restarts';
    IF @LockedUntil IS NULL OR @LockedUntil NOT BETWEEN @Before AND @After
        EXECUTE tSQLt.Fail N'LockedUntil must be the server''s now + 15 minutes.';
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [Action] = 'identity.login_locked' AND [TargetId] = CONVERT (VARCHAR (100), @UserId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows, @Message = N'one lock-out audit row';
END;
GO

CREATE PROCEDURE [LoginTests].[test a failure below the limit only counts]
AS
BEGIN
    DECLARE @UserId INT, @AuditRows INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[UserCredential]', @Defaults = 1;
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount], [LockedUntil])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA', 2, NULL);

    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 0;

    SELECT [UserId], [FailedLoginCount], [LockedUntil] INTO [#Actual] FROM [identity].[UserCredential];
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@UserId, 3, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [Action] = 'identity.login_locked' AND [TargetId] = CONVERT (VARCHAR (100), @UserId);
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [LoginTests].[test a success clears the failures and the lock]
AS
BEGIN
    DECLARE @UserId INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[UserCredential]', @Defaults = 1;
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount], [LockedUntil])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA', 3, '2026-03-18T10:00:00');

    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 1;

    SELECT [UserId], [FailedLoginCount], [LockedUntil] INTO [#Actual] FROM [identity].[UserCredential];
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@UserId, 0, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [LoginTests].[test an attempt without an outcome is refused with 50108]
AS
BEGIN
    DECLARE @UserId INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50108;
    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = NULL;
END;
GO

CREATE PROCEDURE [LoginTests].[test an attempt for a deleted user is refused with 50107]
AS
BEGIN
    DECLARE @UserId INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @UserId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50107;
    EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 0;
END;
GO

CREATE PROCEDURE [LoginTests].[test the login lookup reports a current lock]
AS
BEGIN
    DECLARE @UserId INT;
    DECLARE @Email NVARCHAR (320) = CONCAT(N'login', [TestData].[UniqueToken](NEWID()), N'@example.test');
    DECLARE @LockedUntil DATETIME2 (3) = DATEADD(MINUTE, 10, SYSUTCDATETIME());
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT, @Email = @Email;
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[UserCredential]', @Defaults = 1;
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount], [LockedUntil])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA', 0, @LockedUntil);

    CREATE TABLE [#Actual] ([UserId] INT, [PasswordHash] VARCHAR (255), [FailedLoginCount] INT, [LockedUntil] DATETIME2 (3), [IsLocked] BIT);
    INSERT INTO [#Actual] EXECUTE [identity].[GetLoginByEmail] @Email = @Email;

    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@UserId, '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA', 0, @LockedUntil, 1);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [LoginTests].[test the login lookup returns no row for a deleted user]
AS
BEGIN
    DECLARE @UserId INT;
    DECLARE @Email NVARCHAR (320) = CONCAT(N'gone', [TestData].[UniqueToken](NEWID()), N'@example.test');
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT, @Email = @Email;
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @UserId;

    CREATE TABLE [#Actual] ([UserId] INT, [PasswordHash] VARCHAR (255), [FailedLoginCount] INT, [LockedUntil] DATETIME2 (3), [IsLocked] BIT);
    INSERT INTO [#Actual] EXECUTE [identity].[GetLoginByEmail] @Email = @Email;

    EXECUTE tSQLt.AssertEmptyTable @TableName = N'#Actual';
END;
GO

CREATE PROCEDURE [LoginTests].[test setting a password hash replaces it and clears the lock-out]
AS
BEGIN
    DECLARE @UserId INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    UPDATE [identity].[UserCredential] SET [FailedLoginCount] = 3, [LockedUntil] = DATEADD(MINUTE, 10, SYSUTCDATETIME()) WHERE [UserId] = @UserId;

    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = '$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3aGFzaA';

    SELECT [PasswordHash], [FailedLoginCount], [LockedUntil] INTO [#Actual] FROM [identity].[UserCredential] WHERE [UserId] = @UserId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES ('$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3aGFzaA', 0, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [LoginTests].[test setting the password of an unknown user is refused with 50107]
AS
BEGIN
    DECLARE @UnknownUserId INT = (SELECT COALESCE(MAX([UserId]), 0) + 1000 FROM [identity].[User]);

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50107;
    EXECUTE [identity].[SetPasswordHash] @UserId = @UnknownUserId, @PasswordHash = '$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3aGFzaA';
END;
GO

CREATE PROCEDURE [LoginTests].[test every hash format the procedure accepts also passes the table's check]
AS
BEGIN
    DECLARE @UserId INT, @Stored VARCHAR (255);
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    -- The fake keeps only the check under test, so a mismatch between the procedure's own validation (50108) and
    -- CK_UserCredential_PasswordHashIsPhc would surface here as error 547.
    EXECUTE tSQLt.FakeTable @TableName = N'[identity].[UserCredential]', @Defaults = 1;
    EXECUTE tSQLt.ApplyConstraint @TableName = N'[identity].[UserCredential]', @ConstraintName = N'CK_UserCredential_PasswordHashIsPhc';
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount]) VALUES (@UserId, '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', 0);

    EXECUTE tSQLt.ExpectNoException;
    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = '$pbkdf2-sha256$i=600000$c2FsdA$aGFzaA';
    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = '$pbkdf2-sha512$i=210000$c2FsdA$aGFzaA';
    EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

    SELECT @Stored = [PasswordHash] FROM [identity].[UserCredential] WHERE [UserId] = @UserId;
    EXECUTE tSQLt.AssertEqualsString @Expected = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', @Actual = @Stored;
END;
GO
