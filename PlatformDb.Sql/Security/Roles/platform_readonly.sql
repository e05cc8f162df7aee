-- Reporting: reads catalog, billing and usage trends; never identity (keys, credentials, e-mails) and, since v1.5.0,
-- not the audit log (platform_auditor reads it).
CREATE ROLE [platform_readonly]
    AUTHORIZATION [dbo];
