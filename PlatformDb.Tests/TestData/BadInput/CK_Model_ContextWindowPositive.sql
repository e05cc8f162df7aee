-- expect: CK_Model_ContextWindowPositive
-- rule: A context window holds at least one token.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
VALUES (@ProviderId, 'case-model', N'Case model', 0, NULL, 'active');
