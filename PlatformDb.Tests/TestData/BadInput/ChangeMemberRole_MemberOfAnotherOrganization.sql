-- expect-error: 50507
-- rule: ChangeMemberRole refuses a member of another organization like a missing one.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @OtherOrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId, '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE');
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @UserId, 'owner');
DECLARE @OtherUserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other user');
SET @OtherUserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OtherOrganizationId, @OtherUserId, 'owner');
EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @OtherUserId, @Role = 'admin', @ActorUserId = @UserId;
