-- expect: CK_Model_MaxOutputWithinContext
-- rule: The output limit, when given, is positive and fits in the context window.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
VALUES (@ProviderId, 'case-model', N'Case model', 128000, 0, 'active');
