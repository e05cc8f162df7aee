-- expect: CK_Provider_CodeShape
-- rule: A provider code is lower-case a-z, 0-9 and hyphens.
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('Open_AI', N'Bad code');
