-- rule: The email of a soft-deleted user can be registered again.
DECLARE @Email NVARCHAR(320) = CONVERT(NVARCHAR(36), NEWID()) + N'@example.test';
INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'First');
UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [Email] = @Email;
INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'Second');
