-- expect: CK_UserCredential_PasswordHashIsPhc
-- rule: Only argon2id or PBKDF2-SHA-256/512 hashes in PHC string form can be stored.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId, '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW');
