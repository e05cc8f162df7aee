-- Tenant-bound reader (v1.5.0): only tables under security.TenantIsolationPolicy (tested: no SELECT on a table without
-- the policy) and the trend functions, which apply the same predicate; usage only through the functions, like every role. It sets SESSION_CONTEXT(N'OrganizationId') first;
-- without it every read returns no rows. No write grant: the block predicates are a second wall, not the first.
-- No UNMASK: names and e-mails of people are not part of a tenant report.
GRANT SELECT ON OBJECT::[tenancy].[Organization] TO [platform_tenant_reader];
GO
GRANT SELECT ON OBJECT::[tenancy].[Membership] TO [platform_tenant_reader];
GO
GRANT SELECT ON OBJECT::[identity].[ApiKey] ([ApiKeyId], [OrganizationId], [Name], [KeyPrefix], [CreatedAt], [ExpiresAt], [RevokedAt], [LastUsedAt], [DeletedAt]) TO [platform_tenant_reader];
GO
GRANT SELECT ON OBJECT::[billing].[Budget] TO [platform_tenant_reader];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageHourly] TO [platform_tenant_reader];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageDaily] TO [platform_tenant_reader];
GO
