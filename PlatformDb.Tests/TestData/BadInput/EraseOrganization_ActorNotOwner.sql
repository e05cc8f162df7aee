-- expect-error: 50511
-- rule: EraseOrganization lets only a live owner (or the platform) erase the organization, not an admin.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @AdminId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case admin');
SET @AdminId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @AdminId, 'admin');
EXECUTE [tenancy].[EraseOrganization] @OrganizationId = @OrganizationId, @ActorUserId = @AdminId;
