-- rule: The slug of a soft-deleted organization can be taken by a new one.
DECLARE @Slug VARCHAR(63) = 't-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'First');
UPDATE [tenancy].[Organization] SET [DeletedAt] = SYSUTCDATETIME() WHERE [Slug] = @Slug;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Second');
