-- A tenant-bound reader (e.g. a customer-facing reporting tier): sets SESSION_CONTEXT(N'OrganizationId') and then sees
-- only that organization's rows (security.TenantIsolationPolicy); without a session organization it sees nothing.
CREATE ROLE [platform_tenant_reader]
    AUTHORIZATION [dbo];
