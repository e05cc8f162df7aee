-- expect: UQ_Provider_Code
-- rule: No two providers, live or deleted, share a code.
DECLARE @Code VARCHAR(50) = 'p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12));
INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES (@Code, N'First');
INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES (@Code, N'Second');
