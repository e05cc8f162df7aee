/*
Records the outcome of one password check of a live user (not tenant-scoped: see identity.GetLoginByEmail).
Success: FailedLoginCount = 0, LockedUntil = NULL. Failure: FailedLoginCount + 1; the failure that reaches
@MaxFailedLogins (5) consecutive failures locks the credential: LockedUntil = server now + @LockoutMinutes (15) and the
count restarts at 0, and an audit event 'identity.login_locked' (system actor, target user id, no personal data) is
written in the same transaction. The decision and the increment are one UPDATE, so concurrent failures are all
counted and exactly one of them locks. The service must refuse a login while GetLoginByEmail reports IsLocked = 1
(it should not even verify the password then).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50107 user unknown, deleted or without a password; 50108 @Succeeded NULL; 50601 session organization set.
*/
CREATE PROCEDURE [identity].[RecordLoginAttempt]
    @UserId    INT,
    @Succeeded BIT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @MaxFailedLogins INT = 5;
DECLARE @LockoutMinutes INT = 15;
DECLARE @TranCount INT = @@TRANCOUNT;

-- v1.5.0: refused up front on a connection confined to one organization (SESSION_CONTEXT(N'OrganizationId') set):
-- it writes rows no single organization owns (an audit event without organization, or a new organization), which the
-- tenant isolation policy's block predicate would refuse midway with 33504 under XACT_ABORT ON, dooming a caller's
-- transaction. Refusing before any write keeps the caller's transaction usable (docs/security.md).
IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50601, N'identity.RecordLoginAttempt must run on a connection without a session organization (SESSION_CONTEXT OrganizationId is set).', 1;
END;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @Locked TABLE ([LockedUntil] DATETIME2 (3) NULL, [WasLockedUntil] DATETIME2 (3) NULL);

IF @Succeeded IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50108, N'Invalid user values: @Succeeded is required.', 1;
END;

IF NOT EXISTS (SELECT 1
               FROM [identity].[User] AS [u]
               INNER JOIN [identity].[UserCredential] AS [c] ON [c].[UserId] = [u].[UserId]
               WHERE [u].[UserId] = @UserId AND [u].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @UserId, N' does not exist, is deleted or has no password.');
    SET XACT_ABORT OFF;
    THROW 50107, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RecordLoginAttempt];

UPDATE [c]
SET [c].[FailedLoginCount] =
        CASE
            WHEN @Succeeded = 1 THEN 0
            WHEN [c].[FailedLoginCount] + 1 >= @MaxFailedLogins THEN 0
            ELSE [c].[FailedLoginCount] + 1
        END,
    [c].[LockedUntil] =
        CASE
            WHEN @Succeeded = 1 THEN NULL
            WHEN [c].[FailedLoginCount] + 1 >= @MaxFailedLogins THEN DATEADD(MINUTE, @LockoutMinutes, @Now)
            ELSE [c].[LockedUntil]
        END,
    [c].[UpdatedAt] = @Now
OUTPUT [inserted].[LockedUntil], [deleted].[LockedUntil] INTO @Locked ([LockedUntil], [WasLockedUntil])
FROM [identity].[UserCredential] AS [c]
WHERE [c].[UserId] = @UserId;

IF EXISTS (SELECT 1 FROM @Locked AS [l]
           WHERE @Succeeded = 0 AND [l].[LockedUntil] IS NOT NULL
             AND ([l].[WasLockedUntil] IS NULL OR [l].[WasLockedUntil] <> [l].[LockedUntil]))
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', 'identity.login_locked', 'user', CONVERT (VARCHAR (100), @UserId),
            CONCAT(N'{"lockoutMinutes":', @LockoutMinutes, N',"failedLogins":', @MaxFailedLogins, N'}'));

IF @TranCount = 0
    COMMIT TRANSACTION;
