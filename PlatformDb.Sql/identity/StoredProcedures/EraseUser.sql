/*
v1.5.0: erases a person (docs/security.md, "Erasure"). Redacts identity.User (Email 'erased+<UserId>@erased.invalid',
DisplayName 'Erased user') and soft-deletes it (DeletedAt kept if already set), deletes its identity.UserCredential,
closes its live memberships (RemovedAt), revokes the live API keys it created (whoever holds their secret may be the
person; the organization's other keys keep working) and clears the Tags of its usage events (usage.UsageEvent,
usage.UsageEventStaging, usage.UsageEventPurge: tags are free text a caller may have filled with personal data). Keeps
every id, usage and billing row and total; the audit log holds ids only and is never touched.
Who may erase: the person (@ActorUserId = @UserId) or the platform itself (@ActorUserId NULL, e.g. a verified erasure
request handled by support); an organization admin may not (a person spans organizations: use tenancy.RemoveMember).
Refused (50117) while the person is the last live owner of a live organization: make another member owner or erase the
organization first (the same rule as tenancy.RemoveMember). Refused (50118) with a session organization set: row-level
security would hide the person's rows in other organizations and leave them unerased.
Idempotent: returns one row (UserId, Status): 'erased' when this call erased the user and wrote the audit event
identity.user_erased (ids only), 'already_erased' when it was erased before (nothing to change, no audit event; any
usage tags written since are still cleared).
Cost: clearing tags scans usage.UsageEvent (no index on UserId; a rare operation, accepted).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open. A reviewed exception to the
@OrganizationId-first rule (PlatformDb.Tests/Offline/ProcedureRules.cs): a person is not scoped to one organization.
Errors: 50115 unknown user; 50116 actor may not erase this user; 50117 last owner; 50118 session organization set.
*/
CREATE PROCEDURE [identity].[EraseUser]
    @UserId      INT,
    @ActorUserId INT = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @ErasedEmail NVARCHAR (320) = CONCAT(N'erased+', @UserId, N'@erased.invalid');
DECLARE @Found BIT = 0;
DECLARE @AlreadyErased BIT = 0;
DECLARE @Refusal INT;

IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50118, N'Erasure must run without a session organization: row-level security would hide rows of other organizations.', 1;
END;

IF @ActorUserId IS NOT NULL AND (@UserId IS NULL OR @ActorUserId <> @UserId)
BEGIN
    SET @Message = CONCAT(N'User ', @ActorUserId, N' may not erase user ', @UserId, N': only the person or the platform (no actor) may.');
    SET XACT_ABORT OFF;
    THROW 50116, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [EraseUser];

-- The user row first: concurrent erasures of one person run one after the other, and the second sees the first's work.
SELECT @Found = 1
FROM [identity].[User] AS [u] WITH (UPDLOCK, HOLDLOCK)
WHERE [u].[UserId] = @UserId;

-- Email is masked (email()) for a caller without UNMASK, and "any projected expression over a masked column is
-- masked" (dynamic data masking docs), so a CASE over Email in the select list would always give 0 for such a caller;
-- a WHERE predicate compares the real value. Both redacted values, not the e-mail alone: a person may have signed up
-- with the address that happens to be their own erased one.
IF EXISTS (SELECT 1 FROM [identity].[User] AS [u]
           WHERE [u].[UserId] = @UserId AND [u].[DeletedAt] IS NOT NULL AND [u].[Email] = @ErasedEmail
             AND [u].[DisplayName] = N'Erased user')
    SET @AlreadyErased = 1;

-- Then the organizations the person is a live member of, one at a time in id order, as tenancy.RemoveMember locks
-- them: a concurrent membership change cannot make the person the last owner behind this check. (One statement over
-- several organizations would take their locks in whatever order its plan reads them, not in id order.)
DECLARE @Organizations TABLE ([OrganizationId] INT NOT NULL PRIMARY KEY);
DECLARE @NextOrganizationId INT;
DECLARE @LockedOrganizationId INT;
INSERT INTO @Organizations ([OrganizationId])
SELECT DISTINCT [m].[OrganizationId]
FROM [tenancy].[Membership] AS [m]
WHERE [m].[UserId] = @UserId AND [m].[RemovedAt] IS NULL;

SELECT @NextOrganizationId = MIN([OrganizationId]) FROM @Organizations;
WHILE @NextOrganizationId IS NOT NULL
BEGIN
    SELECT @LockedOrganizationId = [o].[OrganizationId]
    FROM [tenancy].[Organization] AS [o] WITH (UPDLOCK, HOLDLOCK)
    WHERE [o].[OrganizationId] = @NextOrganizationId;
    SELECT @NextOrganizationId = MIN([OrganizationId]) FROM @Organizations WHERE [OrganizationId] > @NextOrganizationId;
END;

SET @Refusal =
    CASE
        WHEN @Found = 0 THEN 50115
        WHEN EXISTS (SELECT 1
                     FROM [tenancy].[Membership] AS [m]
                     INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [m].[OrganizationId]
                     WHERE [m].[UserId] = @UserId
                       AND [m].[Role] = 'owner'
                       AND [m].[RemovedAt] IS NULL
                       AND [o].[DeletedAt] IS NULL
                       AND NOT EXISTS (SELECT 1
                                       FROM [tenancy].[Membership] AS [other]
                                       INNER JOIN [identity].[User] AS [ou] ON [ou].[UserId] = [other].[UserId]
                                       WHERE [other].[OrganizationId] = [m].[OrganizationId]
                                         AND [other].[Role] = 'owner'
                                         AND [other].[RemovedAt] IS NULL
                                         AND [ou].[DeletedAt] IS NULL
                                         AND [other].[UserId] <> @UserId)) THEN 50117
    END;

IF @Refusal IS NOT NULL
BEGIN
    -- Decided before anything was written; undo only this call (its own transaction or back to its savepoint).
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [EraseUser];
    SET XACT_ABORT OFF;
    IF @Refusal = 50115
    BEGIN
        SET @Message = CONCAT(N'User ', @UserId, N' does not exist.');
        THROW 50115, @Message, 1;
    END;
    SET @Message = CONCAT(N'User ', @UserId, N' is the last owner of an organization: make another member owner or erase the organization first.');
    THROW 50117, @Message, 1;
END;

IF @AlreadyErased = 0
BEGIN
    -- DeletedAt never precedes CreatedAt (CK_User_DeletedAfterCreated); an earlier soft delete keeps its time.
    UPDATE [u]
    SET [u].[Email] = @ErasedEmail,
        [u].[DisplayName] = N'Erased user',
        [u].[DeletedAt] = ISNULL([u].[DeletedAt], CASE WHEN @Now < [u].[CreatedAt] THEN [u].[CreatedAt] ELSE @Now END),
        [u].[UpdatedAt] = @Now
    FROM [identity].[User] AS [u]
    WHERE [u].[UserId] = @UserId;
END;

DELETE FROM [identity].[UserCredential]
WHERE [UserId] = @UserId;

UPDATE [m]
SET [m].[RemovedAt] = CASE WHEN @Now < [m].[CreatedAt] THEN [m].[CreatedAt] ELSE @Now END,
    [m].[UpdatedAt] = @Now
FROM [tenancy].[Membership] AS [m]
WHERE [m].[UserId] = @UserId
  AND [m].[RemovedAt] IS NULL;

UPDATE [k]
SET [k].[RevokedAt] = CASE WHEN @Now < [k].[CreatedAt] THEN [k].[CreatedAt] ELSE @Now END,
    [k].[RevokedByUserId] = @ActorUserId,
    [k].[UpdatedAt] = @Now
FROM [identity].[ApiKey] AS [k]
WHERE [k].[CreatedByUserId] = @UserId
  AND [k].[RevokedAt] IS NULL;

-- Tags are not in the indexed views (usage.UsageHourly, usage.UsagePurgeHourly), so these updates leave them alone.
UPDATE [e]
SET [e].[Tags] = NULL
FROM [usage].[UsageEvent] AS [e]
WHERE [e].[UserId] = @UserId
  AND [e].[Tags] IS NOT NULL;

UPDATE [s]
SET [s].[Tags] = NULL
FROM [usage].[UsageEventStaging] AS [s]
WHERE [s].[UserId] = @UserId
  AND [s].[Tags] IS NOT NULL;

UPDATE [p]
SET [p].[Tags] = NULL
FROM [usage].[UsageEventPurge] AS [p]
WHERE [p].[UserId] = @UserId
  AND [p].[Tags] IS NOT NULL;

IF @AlreadyErased = 0
BEGIN
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
    VALUES (NULL, CASE WHEN @ActorUserId IS NULL THEN 'system' ELSE 'user' END, @ActorUserId, 'identity.user_erased', 'user',
            CONVERT (VARCHAR (100), @UserId));
END;

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @UserId AS [UserId],
       CAST(CASE WHEN @AlreadyErased = 1 THEN 'already_erased' ELSE 'erased' END AS VARCHAR (20)) AS [Status];
