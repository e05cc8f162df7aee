/*
Replaces the password hash of a live user (a PHC string computed by the service; the plaintext never reaches the
database), sets PasswordChangedAt and clears the failure count and any lock-out. Not tenant-scoped
(ProcedureRules.OrganizationFreeProcedures): a user's password is not an organization's. The service must have
authenticated the user (or a reset token) before calling it.
Audit: identity.password_changed (system actor, target the user id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50107 user unknown, deleted or without a password; 50108 hash not a PHC string of at most 255 characters; 50601 session organization set.
*/
CREATE PROCEDURE [identity].[SetPasswordHash]
    @UserId       INT,
    @PasswordHash VARCHAR (8000)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;

-- v1.5.0: refused up front on a connection confined to one organization (SESSION_CONTEXT(N'OrganizationId') set):
-- it writes rows no single organization owns (an audit event without organization, or a new organization), which the
-- tenant isolation policy's block predicate would refuse midway with 33504 under XACT_ABORT ON, dooming a caller's
-- transaction. Refusing before any write keeps the caller's transaction usable (docs/security.md).
IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50601, N'identity.SetPasswordHash must run on a connection without a session organization (SESSION_CONTEXT OrganizationId is set).', 1;
END;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);

IF @PasswordHash IS NULL OR DATALENGTH(@PasswordHash) > 255
   OR NOT (@PasswordHash LIKE '$argon2id$v=19$%' OR @PasswordHash LIKE '$pbkdf2-sha256$%' OR @PasswordHash LIKE '$pbkdf2-sha512$%')
BEGIN
    SET XACT_ABORT OFF;
    THROW 50108, N'Invalid user values: the password hash must be a PHC string ($argon2id$v=19$, $pbkdf2-sha256$ or $pbkdf2-sha512$) of at most 255 characters.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [SetPasswordHash];

UPDATE [c]
SET [c].[PasswordHash] = CONVERT (VARCHAR (255), @PasswordHash), -- length checked above
    [c].[PasswordChangedAt] = @Now,
    [c].[FailedLoginCount] = 0,
    [c].[LockedUntil] = NULL,
    [c].[UpdatedAt] = @Now
FROM [identity].[UserCredential] AS [c]
INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [c].[UserId]
WHERE [c].[UserId] = @UserId
  AND [u].[DeletedAt] IS NULL;

IF @@ROWCOUNT = 0
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [SetPasswordHash];
    SET @Message = CONCAT(N'User ', @UserId, N' does not exist, is deleted or has no password.');
    SET XACT_ABORT OFF;
    THROW 50107, @Message, 1;
END;

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId])
VALUES (NULL, 'system', 'identity.password_changed', 'user', CONVERT (VARCHAR (100), @UserId));

IF @TranCount = 0
    COMMIT TRANSACTION;
