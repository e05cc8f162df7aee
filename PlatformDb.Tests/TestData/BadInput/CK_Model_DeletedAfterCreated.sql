-- expect: CK_Model_DeletedAfterCreated
-- rule: A model cannot be deleted before it was created.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ModelId INT;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
VALUES (@ProviderId, 'case-model', N'Case model', 128000);
SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [catalog].[Model] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ModelId] = @ModelId;
