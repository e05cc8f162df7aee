-- Reporting and support: reads catalog, billing and audit; never identity (keys, credentials, e-mails).
CREATE ROLE [platform_readonly]
    AUTHORIZATION [dbo];
