-- expect: CK_User_DeletedAfterCreated
-- rule: A user cannot be deleted before it was created.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [identity].[User] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [UserId] = @UserId;
