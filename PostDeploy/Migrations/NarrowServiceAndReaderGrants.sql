/*
v1.5.0 (least privilege, docs/security.md "Roles and least privilege"): a publish never drops a permission
(DoNotDropObjectTypes includes Permissions), so the grants earlier releases made and this one no longer declares are
revoked here:
- platform_app: SELECT ON SCHEMA::[identity] and SCHEMA::[tenancy] (replaced by table and column grants without key
  hashes, password hashes or provider secrets), and SELECT/UPDATE on identity.UserCredential, table-wide or by column
  (password login goes through identity.GetLoginByEmail, RecordLoginAttempt and SetPasswordHash);
- platform_readonly: SELECT ON SCHEMA::[audit] (moved to platform_auditor).
Runs right after Migrations/NarrowUserCredentialGrant.sql, which may re-grant UPDATE by column on a database coming from
v1.1.0, and before every script that can fail (audit chain backfill, partitions, dev seed): the schema transaction has
already committed the new, narrower grants, and a later failure must not leave the old schema-wide ones behind. Nothing
in the post-deployment script needs the old grants (it runs as the deploying dbo/db_owner).
Covers every grant of v1.0.0-v1.4.1 that this release no longer declares (compared model by model): platform_app's
SELECT on SCHEMA::identity and SCHEMA::tenancy, SELECT/UPDATE on identity.UserCredential (table-wide in v1.0.0-v1.1.0,
by column in v1.2.0-v1.4.1), platform_readonly's SELECT on SCHEMA::audit. REVOKE of a permission that is not granted
is a no-op; DENYs (state 'D') are never touched.
Idempotent: each REVOKE runs only while its grant exists. A rollback to v1.4.1 grants them again (its model declares them);
the next publish of this release revokes them again.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

IF EXISTS (SELECT 1
           FROM sys.database_permissions AS [p]
           WHERE [p].[class] = 3
             AND [p].[major_id] IN (SCHEMA_ID(N'identity'), SCHEMA_ID(N'tenancy'))
             AND [p].[grantee_principal_id] = DATABASE_PRINCIPAL_ID(N'platform_app')
             AND [p].[type] = 'SL'
             AND [p].[state] = 'G')
BEGIN
    PRINT N'Migration: revoke platform_app''s SELECT on the identity and tenancy schemas';
    REVOKE SELECT ON SCHEMA::[identity] FROM [platform_app];
    REVOKE SELECT ON SCHEMA::[tenancy] FROM [platform_app];
END;

IF EXISTS (SELECT 1
           FROM sys.database_permissions AS [p]
           WHERE [p].[class] = 1
             AND [p].[major_id] = OBJECT_ID(N'[identity].[UserCredential]')
             AND [p].[grantee_principal_id] = DATABASE_PRINCIPAL_ID(N'platform_app')
             AND [p].[type] IN ('SL', 'UP')
             AND [p].[state] = 'G')
BEGIN
    PRINT N'Migration: revoke platform_app''s SELECT and UPDATE on identity.UserCredential';
    REVOKE SELECT, UPDATE ON OBJECT::[identity].[UserCredential] ([PasswordHash], [PasswordChangedAt], [FailedLoginCount], [LockedUntil], [UpdatedAt]) FROM [platform_app];
    REVOKE SELECT, UPDATE ON OBJECT::[identity].[UserCredential] FROM [platform_app];
END;

IF EXISTS (SELECT 1
           FROM sys.database_permissions AS [p]
           WHERE [p].[class] = 3
             AND [p].[major_id] = SCHEMA_ID(N'audit')
             AND [p].[grantee_principal_id] = DATABASE_PRINCIPAL_ID(N'platform_readonly')
             AND [p].[type] = 'SL'
             AND [p].[state] = 'G')
BEGIN
    PRINT N'Migration: move the audit log from platform_readonly to platform_auditor';
    REVOKE SELECT ON SCHEMA::[audit] FROM [platform_readonly];
END;
GO
