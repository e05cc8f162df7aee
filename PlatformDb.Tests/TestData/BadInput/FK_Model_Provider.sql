-- expect: FK_Model_Provider
-- rule: A model belongs to an existing provider.
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
VALUES (-1, 'case-model', N'Case model', 128000, NULL, 'active');
