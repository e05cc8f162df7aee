-- expect-error: 50116
-- rule: EraseUser lets only the person or the platform erase a person, not another user (e.g. an organization admin).
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @OtherUserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @OtherUserId;
