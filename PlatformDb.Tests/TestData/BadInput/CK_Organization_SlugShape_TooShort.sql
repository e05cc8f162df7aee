-- expect: CK_Organization_SlugShape
-- rule: A slug is 3 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'.
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('ab', N'Bad slug');
