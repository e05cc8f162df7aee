-- expect: FK_ApiKey_Organization
-- rule: An API key belongs to an existing organization.
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (-1, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
