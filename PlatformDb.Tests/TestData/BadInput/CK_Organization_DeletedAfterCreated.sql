-- expect: CK_Organization_DeletedAfterCreated
-- rule: An organization cannot be deleted before it was created.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [tenancy].[Organization] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [OrganizationId] = @OrganizationId;
