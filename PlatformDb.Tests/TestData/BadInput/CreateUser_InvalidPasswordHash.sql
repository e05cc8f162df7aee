-- expect-error: 50108
-- rule: CreateUser accepts only a PHC password hash (here a bare SHA-256 hex string).
DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Case user',
    @PasswordHash = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
