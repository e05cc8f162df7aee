-- expect: CK_ModelPrice_EffectiveToAfterFrom
-- rule: A price period, when closed, ends after it starts.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ModelId INT;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
VALUES (@ProviderId, 'case-model', N'Case model', 128000);
SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
VALUES (@ModelId, 'USD', 2.5, 10, '2025-01-01T00:00:00', '2025-01-01T00:00:00');
