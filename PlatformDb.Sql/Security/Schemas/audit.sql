CREATE SCHEMA [audit]
    AUTHORIZATION [dbo];
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Append-only audit log of security-relevant actions (ids only, no personal data).',
    @level0type = N'SCHEMA', @level0name = N'audit';
