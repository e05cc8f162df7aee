/*
Returns the newest link of the audit hash chain (ChainPosition, RowHash, ChainedAt; no row while the chain is empty),
for export to write-once storage outside the database (e.g. an object store with retention lock) on a schedule. A head
kept there is the trusted anchor audit.VerifyAuditChain checks later: it is what detects a rewrite of events and chain
together by a database administrator. Reads only audit.AuditChain, which carries no personal data and no organization.
Refuses (50404) when SESSION_CONTEXT(N'OrganizationId') is set or the caller is tenant-bound, like audit.VerifyAuditChain.
*/
CREATE PROCEDURE [audit].[GetAuditChainHead]
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
   OR (ISNULL(IS_MEMBER(N'platform_tenant_reader'), 0) = 1 AND ISNULL(IS_MEMBER(N'db_owner'), 0) = 0)
BEGIN
    SET XACT_ABORT OFF;
    THROW 50404, N'The audit chain can only be verified or exported without a session organization and not by a tenant-bound reader: row-level security would hide audit rows.', 1;
END;

SELECT TOP (1) [c].[ChainPosition], [c].[RowHash], [c].[ChainedAt]
FROM [audit].[AuditChain] AS [c]
ORDER BY [c].[ChainPosition] DESC;
