/*
Tenant predicate of security.TenantIsolationPolicy (filter and block). A row of @OrganizationId is visible and writable when
- the session's organization is that organization: CAST(SESSION_CONTEXT(N'OrganizationId') AS INT), set by the caller
  with sp_set_session_context (SESSION_CONTEXT returns sql_variant, NULL when the key is not set: SESSION_CONTEXT docs); or
- no organization is set in the session and the caller is not tenant-bound (tenant-bound: a member of
  platform_tenant_reader and not of db_owner). dbo, deployments, post-deployment scripts, platform_auditor,
  platform_readonly and the service without a session organization see every row, as before v1.5.0.
A NULL @OrganizationId (system audit events) matches no session organization, so only the second branch shows it.
IS_MEMBER evaluates the current security context (EXECUTE AS USER included); "dbo will always return 0" for a
database role (IS_MEMBER docs), so dbo is never tenant-bound. Schema-bound (CREATE SECURITY POLICY: the predicate must
be created WITH SCHEMABINDING when the policy is); no string/date conversion or SET-dependent arithmetic (RLS docs,
best practices). Also applied by usage.GetUsageHourly/GetUsageDaily, whose indexed view cannot carry the policy.
*/
CREATE FUNCTION [security].[TenantAccessPredicate]
(
    @OrganizationId INT
)
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
SELECT 1 AS [AccessGranted]
WHERE @OrganizationId = CAST(SESSION_CONTEXT(N'OrganizationId') AS INT)
   OR (SESSION_CONTEXT(N'OrganizationId') IS NULL
       AND (ISNULL(IS_MEMBER(N'platform_tenant_reader'), 0) = 0 OR IS_MEMBER(N'db_owner') = 1));
