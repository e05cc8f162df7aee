-- expect: FK_ApiKey_User_CreatedBy
-- rule: An API key is created by an existing user.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, -1, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
