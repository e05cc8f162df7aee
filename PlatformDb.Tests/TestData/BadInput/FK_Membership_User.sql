-- expect: FK_Membership_User
-- rule: A membership belongs to an existing user.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, -1, 'member');
