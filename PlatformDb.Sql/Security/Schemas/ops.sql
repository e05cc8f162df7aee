CREATE SCHEMA [ops]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Operations: deployment history written by the platformdb CLI.',
    @level0type = N'SCHEMA', @level0name = N'ops';
