CREATE SCHEMA [billing]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Spending limits: budgets and their per-period consumption.',
    @level0type = N'SCHEMA', @level0name = N'billing';
