CREATE SCHEMA [identity]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Who calls: users, their password credentials and API keys.',
    @level0type = N'SCHEMA', @level0name = N'identity';
