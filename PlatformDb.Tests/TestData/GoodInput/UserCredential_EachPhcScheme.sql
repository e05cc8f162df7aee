-- rule: Each accepted PHC scheme (argon2id v19, pbkdf2-sha256, pbkdf2-sha512) can be stored.
DECLARE @UserId1 INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId1 = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId2 INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId2 = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId3 INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId3 = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId1, '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3i6Ve1n9fr8ow6ZtM6tmwGYj1x3tHWzeDYx6hnyI5hc'),
       (@UserId2, '$pbkdf2-sha256$i=600000$c29tZXNhbHQ$Hf2ePZLFhYFpcUSOYnJmFfGNkRnMeDZzXG2FqFqZXoQ'),
       (@UserId3, '$pbkdf2-sha512$i=210000$c29tZXNhbHQ$0QFWsnVU0ovZZKmXbQ9NeQwAJN2BoZ2zYh2d1GnCmkMIN1wHxnG8xKDoXxTQpNOeXh1hl7mQYfoyVxkeIu8p9w');
