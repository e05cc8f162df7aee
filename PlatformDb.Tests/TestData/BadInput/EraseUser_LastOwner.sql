-- expect-error: 50117
-- rule: EraseUser refuses to erase the last live owner of a live organization.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @UserId, 'owner');
EXECUTE [identity].[EraseUser] @UserId = @UserId, @ActorUserId = @UserId;
