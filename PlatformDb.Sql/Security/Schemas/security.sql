CREATE SCHEMA [security]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Row-level security: the tenant predicate and the policy that applies it (docs/security.md, "Tenant isolation").',
    @level0type = N'SCHEMA', @level0name = N'security';
