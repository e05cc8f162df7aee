-- Read-only reporting: catalog and billing. No identity or tenancy access (no e-mails, key hashes or password hashes).
-- The audit log moved to platform_auditor in v1.5.0; PostDeploy/Migrations/NarrowServiceAndReaderGrants.sql revokes the
-- old SELECT ON SCHEMA::[audit], which a publish never drops.
GRANT SELECT ON SCHEMA::[catalog] TO [platform_readonly];
GO
GRANT SELECT ON SCHEMA::[billing] TO [platform_readonly];
GO
-- Usage trends (v1.3.0) through the functions only; never the raw usage table.
GRANT SELECT ON OBJECT::[usage].[GetUsageHourly] TO [platform_readonly];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageDaily] TO [platform_readonly];
GO
