-- Audit and compliance review (v1.5.0): the audit schema (the log and its hash chain), EXECUTE on the chain verification
-- and head export (object by object, not schema-wide), plus the tables that resolve the log's ids to organizations, users
-- and keys. Personal columns stay
-- masked: no UNMASK (docs/security.md, "Dynamic data masking"). No key hashes, password hashes, secrets or raw usage.
GRANT SELECT ON SCHEMA::[audit] TO [platform_auditor];
GO
GRANT SELECT ON OBJECT::[tenancy].[Organization] TO [platform_auditor];
GO
GRANT SELECT ON OBJECT::[tenancy].[Membership] TO [platform_auditor];
GO
GRANT SELECT ON OBJECT::[identity].[User] TO [platform_auditor];
GO
GRANT SELECT ON OBJECT::[identity].[ApiKey] ([ApiKeyId], [OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [CreatedAt], [ExpiresAt], [RevokedAt], [RevokedByUserId], [DeletedAt], [ReplacedByApiKeyId]) TO [platform_auditor];
GO
GRANT EXECUTE ON OBJECT::[audit].[VerifyAuditChain] TO [platform_auditor];
GO
GRANT EXECUTE ON OBJECT::[audit].[GetAuditChainHead] TO [platform_auditor];
GO
