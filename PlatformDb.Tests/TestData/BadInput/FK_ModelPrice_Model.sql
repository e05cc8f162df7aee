-- expect: FK_ModelPrice_Model
-- rule: A price belongs to an existing model.
INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom], [EffectiveTo])
VALUES (-1, 'USD', 2.5, 10, '2025-01-01T00:00:00', NULL);
