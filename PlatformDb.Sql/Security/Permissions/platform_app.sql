-- The API service: runs the service procedures, reads the domain schemas and appends to the audit log.
-- Writes to billing and identity go through procedures (ownership chaining: every schema is owned by dbo).
-- Never granted: the internal *At procedures (billing.ConsumeBudgetAt, identity.AuthenticateApiKeyAt), which take
-- the clock as a parameter; the procedures above call them with SYSUTCDATETIME() (tested).
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
-- Password login: read the hash, record failures, lock-outs and password changes; nothing else. UPDATE is limited to
-- the columns those writes change (v1.2.0); PostDeploy/Migrations/NarrowUserCredentialGrant.sql revokes the
-- table-wide UPDATE that v1.0.0/v1.1.0 granted, which a publish never drops (DoNotDropObjectTypes: Permissions).
GRANT SELECT ON OBJECT::[identity].[UserCredential] TO [platform_app];
GO
GRANT UPDATE ON OBJECT::[identity].[UserCredential] ([PasswordHash], [PasswordChangedAt], [FailedLoginCount], [LockedUntil], [UpdatedAt]) TO [platform_app];
GO
DENY INSERT, DELETE ON OBJECT::[identity].[UserCredential] TO [platform_app];
GO
GRANT INSERT ON OBJECT::[audit].[AuditEvent] TO [platform_app];
GO
-- Belt and braces next to TR_AuditEvent_AppendOnly: the service can never rewrite history.
DENY UPDATE, DELETE ON OBJECT::[audit].[AuditEvent] TO [platform_app];
GO
-- Usage analytics (v1.3.0): ingest through procedures and trends through functions; no SELECT on any usage table or
-- view (no schema-wide grant on usage) except the SqlBulkCopy landing table below. The internal usage.*At procedures
-- and the ops procedures are granted to nobody.
GRANT EXECUTE ON OBJECT::[usage].[RecordUsageEvent] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[usage].[RecordUsageEvents] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[usage].[MoveStagedUsageEvents] TO [platform_app];
GO
-- Declaring a variable of the table type needs EXECUTE on it, passing it to a routine REFERENCES (User-Defined Table Types docs).
GRANT EXECUTE ON TYPE::[usage].[UsageEventList] TO [platform_app];
GO
GRANT REFERENCES ON TYPE::[usage].[UsageEventList] TO [platform_app];
GO
-- SqlBulkCopy into the staging table. INSERT, and SELECT because SqlBulkCopy first reads the destination's column
-- metadata with "SET FMTONLY ON select * from <table>": "A bcp in operation minimally requires SELECT/INSERT
-- permissions on the target table" (bcp utility docs, Permissions). No ALTER: the table has no CHECK constraints or
-- triggers to bypass and the loader does not keep identity values. The staging table holds rows only between a load
-- and its move; the service already reads every organization's identity and billing rows.
GRANT INSERT ON OBJECT::[usage].[UsageEventStaging] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[usage].[UsageEventStaging] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageHourly] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageDaily] TO [platform_app];
GO
-- Service path (v1.4.0, docs/service-path.md). The internal usage.CheckUsageEvents is granted to nobody; the
-- procedures reach it and every table through ownership chaining. No new table write grant.
GRANT EXECUTE ON OBJECT::[billing].[RecordRequest] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[billing].[GetBudgetState] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[GetLoginByEmail] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[RecordLoginAttempt] TO [platform_app];
GO
-- The environment guard of 'platformdb smoke' (v1.4.0): read only.
GRANT SELECT ON OBJECT::[ops].[DatabaseEnvironment] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[CreateUser] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[SetPasswordHash] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[CreateApiKey] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[RotateApiKey] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[RevokeApiKey] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[identity].[ListApiKeys] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[CreateOrganization] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[AddMember] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[ChangeMemberRole] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[RemoveMember] TO [platform_app];
GO
-- Provider credentials (v1.5.0)
-- Organizations' provider API keys, envelope-encrypted by the application (docs/security.md). The procedures reach the
-- table through ownership chaining (procedure and table owned by dbo), and permissions on the table are then not
-- checked, so the DENY below does not stop them; it stops every other path, including the schema-wide
-- SELECT ON SCHEMA::[tenancy] above (DENY overrides GRANT). tenancy.ListProviderCredentialsByKeyId (rotation work
-- list) is granted to no role.
GRANT EXECUTE ON OBJECT::[tenancy].[StoreProviderCredential] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[GetProviderCredential] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[ListProviderCredentials] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[RewrapProviderCredential] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[RevokeProviderCredential] TO [platform_app];
GO
DENY SELECT ON OBJECT::[tenancy].[ProviderCredential] TO [platform_app];
GO
