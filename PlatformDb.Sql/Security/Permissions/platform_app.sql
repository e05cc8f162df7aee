-- The API service: runs the service procedures, reads what it serves (table by table, no hashes) and appends to the audit log.
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
-- Reads (v1.5.0, least privilege): table by table instead of SELECT ON SCHEMA::[tenancy]/[identity], so that no key
-- hash, password hash or provider secret is readable and a table added to those schemas later is not readable by
-- default. PostDeploy/Migrations/NarrowServiceAndReaderGrants.sql revokes the schema-wide grants of v1.0.0-v1.4.1,
-- which a publish never drops (DoNotDropObjectTypes: Permissions). Rows are confined to the session organization when
-- the service sets one (security.TenantIsolationPolicy).
GRANT SELECT ON OBJECT::[tenancy].[Organization] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[tenancy].[Membership] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[identity].[User] TO [platform_app];
GO
-- Every column but KeyHash: a key is found by its hash inside identity.AuthenticateApiKey, never by the service.
GRANT SELECT ON OBJECT::[identity].[ApiKey] ([ApiKeyId], [OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [Scopes], [CreatedAt], [ExpiresAt], [RevokedAt], [RevokedByUserId], [LastUsedAt], [UpdatedAt], [DeletedAt], [RowVersion], [ReplacedByApiKeyId]) TO [platform_app];
GO
GRANT SELECT ON OBJECT::[identity].[ApiKeyScope] TO [platform_app];
GO
GRANT SELECT ON OBJECT::[identity].[ApiKeyLastUse] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[catalog] TO [platform_app];
GO
GRANT SELECT ON SCHEMA::[billing] TO [platform_app];
GO
-- Dynamic data masking (v1.5.0): the service shows these personal columns to the people they belong to, so it reads
-- them in clear; every other reader sees them masked. Column-level UNMASK needs SQL Server 2022 (DDM docs, granular
-- permissions).
GRANT UNMASK ON OBJECT::[identity].[User] ([Email], [DisplayName]) TO [platform_app];
GO
GRANT UNMASK ON OBJECT::[tenancy].[Organization] ([DisplayName]) TO [platform_app];
GO
-- Password login goes through procedures only (v1.5.0): identity.GetLoginByEmail returns the hash to verify,
-- identity.RecordLoginAttempt and identity.SetPasswordHash write failures, lock-outs and new hashes. No SELECT or UPDATE
-- on identity.UserCredential any more (the migration above revokes v1.2.0's); never INSERT or DELETE.
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
-- Erasure (v1.5.0, docs/security.md "Erasure"). identity.EraseUser is a reviewed exception to the @OrganizationId-first
-- rule (ProcedureRules.OrganizationFreeProcedures): a person is not scoped to one organization.
GRANT EXECUTE ON OBJECT::[identity].[EraseUser] TO [platform_app];
GO
GRANT EXECUTE ON OBJECT::[tenancy].[EraseOrganization] TO [platform_app];
GO
-- Provider credentials (v1.5.0)
-- Organizations' provider API keys, envelope-encrypted by the application (docs/security.md). The procedures reach the
-- table through ownership chaining (procedure and table owned by dbo), and permissions on the table are then not
-- checked, so the DENY below does not stop them; it stops every other path, including the schema-wide
-- SELECT ON SCHEMA::[tenancy] a database upgraded from v1.4.1 carries until the post-deployment migration revokes it
-- (DENY overrides GRANT). tenancy.ListProviderCredentialsByKeyId (rotation work list) is granted to no role.
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
