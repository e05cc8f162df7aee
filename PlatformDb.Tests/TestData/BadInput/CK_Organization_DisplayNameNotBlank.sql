-- expect: CK_Organization_DisplayNameNotBlank
-- rule: An organization's display name is not empty or only spaces.
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'   ');
