CREATE SCHEMA [catalog]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'What can be called: model providers, models and their effective-dated prices.',
    @level0type = N'SCHEMA', @level0name = N'catalog';
