-- expect: UQ_Organization_Slug_Live
-- rule: Two live organizations cannot share a slug.
DECLARE @Slug VARCHAR(63) = 't-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'First');
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Second');
