-- The API service: runs the two hot-path procedures, reads the domain schemas and appends to the audit log.
-- Writes to billing and identity go through procedures (ownership chaining: every schema is owned by dbo).
GRANT EXECUTE ON OBJECT::[billing].[ConsumeBudget] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[AuthenticateApiKey] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[GrantApiKeyScope] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[RevokeApiKeyScope] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[tenancy] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[identity] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[catalog] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[billing] TO [platform_app];
GO
-- Password login: read the hash, record failures, lock-outs and password changes; nothing else.
GRANT SELECT, UPDATE ON OBJECT::[identity].[UserCredential] TO [platform_app];
GO
DENY INSERT, DELETE ON OBJECT::[identity].[UserCredential] TO [platform_app];
GO
GRANT INSERT ON OBJECT::[audit].[AuditEvent] TO [platform_app];
GO
-- Belt and braces next to TR_AuditEvent_AppendOnly: the service can never rewrite history.
DENY UPDATE, DELETE ON OBJECT::[audit].[AuditEvent] TO [platform_app];
GO
