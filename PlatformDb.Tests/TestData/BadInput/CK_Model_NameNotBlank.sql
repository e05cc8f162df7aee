-- expect: CK_Model_NameNotBlank
-- rule: A model's provider-side name is not empty or only spaces.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
VALUES (@ProviderId, '  ', N'Case model', 128000, NULL, 'active');
