/*
Tenant isolation (docs/security.md, "Tenant isolation"): every table with an OrganizationId except the usage tables under
indexed views (usage.UsageEvent, usage.UsageEventPurge: "indexed views cannot be created on top of tables that have a
security policy", RLS docs) and the transient usage.UsageEventStaging. Filter predicates hide other organizations' rows
from SELECT, UPDATE and DELETE; block predicates refuse (error 33504) inserting or moving a row into another organization
and updating or deleting one. The policy applies to dbo and db_owner too (RLS docs); the predicate lets them through.
STATE = ON written out (the CREATE SECURITY POLICY doc is inconsistent about the default).
*/
CREATE SECURITY POLICY [security].[TenantIsolationPolicy]
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Organization],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Organization] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Organization] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Organization] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Organization] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Membership],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Membership] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Membership] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Membership] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[Membership] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [identity].[ApiKey],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [identity].[ApiKey] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [identity].[ApiKey] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [identity].[ApiKey] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [identity].[ApiKey] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [billing].[Budget],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [billing].[Budget] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [billing].[Budget] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [billing].[Budget] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [billing].[Budget] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [audit].[AuditEvent],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [audit].[AuditEvent] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [audit].[AuditEvent] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [audit].[AuditEvent] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [audit].[AuditEvent] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [usage].[UsageDaily],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [usage].[UsageDaily] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [usage].[UsageDaily] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [usage].[UsageDaily] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [usage].[UsageDaily] BEFORE DELETE,
    ADD FILTER PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[ProviderCredential],
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[ProviderCredential] AFTER INSERT,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[ProviderCredential] AFTER UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[ProviderCredential] BEFORE UPDATE,
    ADD BLOCK PREDICATE [security].[TenantAccessPredicate]([OrganizationId]) ON [tenancy].[ProviderCredential] BEFORE DELETE
    WITH (STATE = ON, SCHEMABINDING = ON);
