-- Read-only reporting: catalog, billing and audit. No identity or tenancy access (no e-mails, key hashes or password hashes).
GRANT SELECT ON SCHEMA::[catalog] TO [platform_readonly];
GO
GRANT SELECT ON SCHEMA::[billing] TO [platform_readonly];
GO
GRANT SELECT ON SCHEMA::[audit] TO [platform_readonly];
GO
-- Usage trends (v1.3.0) through the functions only; never the raw usage table.
GRANT SELECT ON OBJECT::[usage].[GetUsageHourly] TO [platform_readonly];
GO
GRANT SELECT ON OBJECT::[usage].[GetUsageDaily] TO [platform_readonly];
GO
