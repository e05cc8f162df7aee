-- Audit and compliance review: reads the audit log and resolves its ids to users and organizations with personal
-- columns MASKED (no UNMASK). Members are the auditors' database users, added outside this project.
CREATE ROLE [platform_auditor]
    AUTHORIZATION [dbo];
