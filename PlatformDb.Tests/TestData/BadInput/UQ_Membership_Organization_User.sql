-- expect: UQ_Membership_Organization_User
-- rule: A user is a member of an organization at most once.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'member');
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'admin');
