-- expect: CK_UserCredential_FailedLoginCountNonNegative
-- rule: The failed-login counter is never negative.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash], [FailedLoginCount])
VALUES (@UserId, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc', -1);
