-- expect: UQ_Provider_DisplayName_Live
-- rule: Two live providers cannot show the same name.
DECLARE @DisplayName NVARCHAR(200) = N'Case provider ' + CONVERT(NVARCHAR(36), NEWID());
INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
