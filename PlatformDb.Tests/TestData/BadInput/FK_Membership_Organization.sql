-- expect: FK_Membership_Organization
-- rule: A membership belongs to an existing organization.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (-1, @UserId, 'member');
