CREATE SCHEMA [tenancy]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Tenants: organizations and their memberships.',
    @level0type = N'SCHEMA', @level0name = N'tenancy';
