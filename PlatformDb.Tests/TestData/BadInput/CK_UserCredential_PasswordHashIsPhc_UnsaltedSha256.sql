-- expect: CK_UserCredential_PasswordHashIsPhc
-- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId, CONVERT(VARCHAR(64), HASHBYTES('SHA2_256', 'password'), 2));
