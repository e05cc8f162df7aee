/*
v1.2.0: platform_app may UPDATE only the columns of identity.UserCredential that password login changes
(Security/Permissions/platform_app.sql). A publish never drops a permission (DoNotDropObjectTypes includes
Permissions), so the table-wide UPDATE that v1.0.0/v1.1.0 granted would stay next to the new column grant. This
revokes it and grants the columns again (a table-level REVOKE may take column grants with it). Idempotent: it does
nothing once no table-wide UPDATE grant is left. A rollback to v1.1.0 grants the table-wide UPDATE again.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

IF EXISTS (SELECT 1
           FROM sys.database_permissions AS [p]
           WHERE [p].[class] = 1
             AND [p].[major_id] = OBJECT_ID(N'[identity].[UserCredential]')
             AND [p].[minor_id] = 0
             AND [p].[grantee_principal_id] = DATABASE_PRINCIPAL_ID(N'platform_app')
             AND [p].[type] = 'UP'
             AND [p].[state] = 'G')
BEGIN
    PRINT N'Migration: narrow platform_app''s UPDATE on identity.UserCredential to its columns';
    REVOKE UPDATE ON OBJECT::[identity].[UserCredential] FROM [platform_app];
    GRANT UPDATE ON OBJECT::[identity].[UserCredential] ([PasswordHash], [PasswordChangedAt], [FailedLoginCount], [LockedUntil], [UpdatedAt]) TO [platform_app];
END;
GO
