/*
Creates a user and its password credential. Not tenant-scoped (ProcedureRules.OrganizationFreeProcedures): a user
exists before any membership; tenancy.AddMember or tenancy.CreateOrganization then ties it to organizations.
@PasswordHash is the PHC string the service computed (argon2id or PBKDF2); the plaintext never reaches the database.
String parameters are declared wider than their columns so that an overlong value is refused (50108) instead of
being truncated silently (SET ANSI_WARNINGS docs). The e-mail check takes UPDLOCK, HOLDLOCK on the live-e-mail key, so
two concurrent calls with the same address cannot both pass it (the second gets 50109).
Audit: identity.user_created (system actor, target the new user id; no e-mail or name in the audit row).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Result set: one row UserId. Errors: 50108 invalid values; 50109 e-mail used by a live user; 50601 session organization set.
*/
CREATE PROCEDURE [identity].[CreateUser]
    @Email        NVARCHAR (4000),
    @DisplayName  NVARCHAR (4000),
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
    THROW 50601, N'identity.CreateUser must run on a connection without a session organization (SESSION_CONTEXT OrganizationId is set).', 1;
END;
DECLARE @UserId INT;

IF @Email IS NULL OR LEN(@Email) > 320 OR NOT (@Email LIKE N'_%@_%._%' AND CHARINDEX(N' ', @Email) = 0)
   OR @DisplayName IS NULL OR LEN(LTRIM(RTRIM(@DisplayName))) = 0 OR LEN(@DisplayName) > 200
   OR @PasswordHash IS NULL OR DATALENGTH(@PasswordHash) > 255
   OR NOT (@PasswordHash LIKE '$argon2id$v=19$%' OR @PasswordHash LIKE '$pbkdf2-sha256$%' OR @PasswordHash LIKE '$pbkdf2-sha512$%')
BEGIN
    SET XACT_ABORT OFF;
    THROW 50108, N'Invalid user values: the e-mail must look like x@y.z without spaces (at most 320 characters), the display name must be non-blank (at most 200) and the password hash a PHC string ($argon2id$v=19$, $pbkdf2-sha256$ or $pbkdf2-sha512$, at most 255).', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [CreateUser];

IF EXISTS (SELECT 1 FROM [identity].[User] AS [u] WITH (UPDLOCK, HOLDLOCK)
           WHERE [u].[Email] = @Email AND [u].[DeletedAt] IS NULL)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [CreateUser];
    SET XACT_ABORT OFF;
    THROW 50109, N'The e-mail address is already used by another user.', 1;
END;

-- The lengths were checked above, so these conversions cut nothing.
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT (NVARCHAR (320), @Email), CONVERT (NVARCHAR (200), @DisplayName));
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);

INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
VALUES (@UserId, CONVERT (VARCHAR (255), @PasswordHash));

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId])
VALUES (NULL, 'system', 'identity.user_created', 'user', CONVERT (VARCHAR (100), @UserId));

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @UserId AS [UserId];
