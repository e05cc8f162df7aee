-- rule: A deleted model's name can be used again by the same provider.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ModelId INT;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
VALUES (@ProviderId, 'case-model', N'Case model', 128000);
SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [catalog].[Model] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ModelId] = @ModelId;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
VALUES (@ProviderId, 'case-model', N'Case model', 128000, NULL, 'active');
