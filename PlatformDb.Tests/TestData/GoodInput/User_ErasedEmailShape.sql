-- rule: The erasure value docs/security.md documents, erased+<UserId>@erased.invalid, passes CK_User_EmailShape.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'To be erased');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [identity].[User]
SET [Email] = CONCAT(N'erased+', @UserId, N'@erased.invalid'),
    [DisplayName] = N'Erased user',
    [DeletedAt] = SYSUTCDATETIME(),
    [UpdatedAt] = SYSUTCDATETIME()
WHERE [UserId] = @UserId;
