/*
v1.5.0: erases an organization (docs/security.md, "Erasure"). Redacts tenancy.Organization (DisplayName 'Erased
organization', Slug 'erased-<OrganizationId>', which passes CK_Organization_SlugShape, identifies nothing and is unique
by its id) and soft-deletes it (DeletedAt kept if already set), revokes all its API keys and renames them
'erased-key-<ApiKeyId>' (key names are free text), closes its live memberships and clears the Tags of its usage events
(usage.UsageEvent through IX_UsageEvent_Organization_ApiKey_HourBucket, usage.UsageEventStaging, usage.UsageEventPurge),
and deletes its provider credentials (tenancy.ProviderCredential: wrapped secrets, revoked ones included). Keeps every id, usage, budget and billing row and total; the audit log holds ids only and is never touched. The members'
own user rows are not erased (a person may belong to other organizations): erase each with identity.EraseUser.
Who may erase: a live owner of the organization (@ActorUserId) or the platform itself (@ActorUserId NULL).
Idempotent: returns one row (OrganizationId, Status): 'erased' when this call erased it and wrote the audit event
tenancy.organization_erased (ids only), 'already_erased' when it was erased before (no audit event; tags written since
are still cleared). A retry by the owner who erased it succeeds, although the erasure closed that owner's membership.
An unknown organization, or one other than the session organization when SESSION_CONTEXT(N'OrganizationId') is set,
is refused alike (50510). Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50510 unknown organization (or another than the session's); 50511 actor not a live owner.
*/
CREATE PROCEDURE [tenancy].[EraseOrganization]
    @OrganizationId INT,
    @ActorUserId    INT = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @ErasedSlug VARCHAR (63) = CONCAT('erased-', @OrganizationId);
DECLARE @Found BIT = 0;
DECLARE @AlreadyErased BIT = 0;
DECLARE @Refusal INT;
DECLARE @SessionOrganizationId INT = CAST(SESSION_CONTEXT(N'OrganizationId') AS INT);

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [EraseOrganization];

-- Every membership change of an organization first locks its row (as tenancy.RemoveMember does).
SELECT @Found = 1
FROM [tenancy].[Organization] AS [o] WITH (UPDLOCK, HOLDLOCK)
WHERE [o].[OrganizationId] = @OrganizationId
  AND (@SessionOrganizationId IS NULL OR @SessionOrganizationId = @OrganizationId);

-- DisplayName is masked for a caller without UNMASK, and an expression over a masked column in a select list is masked
-- (dynamic data masking docs): compare in a WHERE predicate. Both redacted values, not the slug alone: an owner may
-- have chosen the slug 'erased-<id>' of their own organization.
IF @Found = 1
   AND EXISTS (SELECT 1 FROM [tenancy].[Organization] AS [o]
               WHERE [o].[OrganizationId] = @OrganizationId AND [o].[DeletedAt] IS NOT NULL AND [o].[Slug] = @ErasedSlug
                 AND [o].[DisplayName] = N'Erased organization')
    SET @AlreadyErased = 1;

SET @Refusal =
    CASE
        WHEN @Found = 0 THEN 50510
        WHEN @ActorUserId IS NULL THEN NULL
        -- Live owner of a live organization; once erased, whoever was its owner may retry.
        WHEN @AlreadyErased = 0
         AND NOT EXISTS (SELECT 1
                         FROM [tenancy].[Membership] AS [m]
                         INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
                         WHERE [m].[OrganizationId] = @OrganizationId
                           AND [m].[UserId] = @ActorUserId
                           AND [m].[Role] = 'owner'
                           AND [m].[RemovedAt] IS NULL
                           AND [u].[DeletedAt] IS NULL) THEN 50511
        WHEN @AlreadyErased = 1
         AND NOT EXISTS (SELECT 1
                         FROM [tenancy].[Membership] AS [m]
                         WHERE [m].[OrganizationId] = @OrganizationId
                           AND [m].[UserId] = @ActorUserId
                           AND [m].[Role] = 'owner') THEN 50511
    END;

IF @Refusal IS NOT NULL
BEGIN
    -- Decided before anything was written; undo only this call (its own transaction or back to its savepoint).
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [EraseOrganization];
    SET XACT_ABORT OFF;
    IF @Refusal = 50510
    BEGIN
        SET @Message = CONCAT(N'Organization ', @OrganizationId, N' does not exist (or is not the session''s organization).');
        THROW 50510, @Message, 1;
    END;
    SET @Message = CONCAT(N'User ', @ActorUserId, N' may not erase the organization: only a live owner (or the platform) may.');
    THROW 50511, @Message, 1;
END;

IF @AlreadyErased = 0
BEGIN
    -- DeletedAt never precedes CreatedAt (CK_Organization_DeletedAfterCreated); an earlier soft delete keeps its time.
    UPDATE [o]
    SET [o].[DisplayName] = N'Erased organization',
        [o].[Slug] = @ErasedSlug,
        [o].[DeletedAt] = ISNULL([o].[DeletedAt], CASE WHEN @Now < [o].[CreatedAt] THEN [o].[CreatedAt] ELSE @Now END),
        [o].[UpdatedAt] = @Now
    FROM [tenancy].[Organization] AS [o]
    WHERE [o].[OrganizationId] = @OrganizationId;
END;

-- Revoked keys stay revoked with their time; every key gets a name that says nothing (unique: it carries the key id).
UPDATE [k]
SET [k].[RevokedAt] = ISNULL([k].[RevokedAt], CASE WHEN @Now < [k].[CreatedAt] THEN [k].[CreatedAt] ELSE @Now END),
    [k].[RevokedByUserId] = CASE WHEN [k].[RevokedAt] IS NULL THEN @ActorUserId ELSE [k].[RevokedByUserId] END,
    [k].[Name] = CONCAT(N'erased-key-', [k].[ApiKeyId]),
    [k].[UpdatedAt] = @Now
FROM [identity].[ApiKey] AS [k]
WHERE [k].[OrganizationId] = @OrganizationId
  AND ([k].[RevokedAt] IS NULL OR [k].[Name] <> CONCAT(N'erased-key-', [k].[ApiKeyId]));

UPDATE [m]
SET [m].[RemovedAt] = CASE WHEN @Now < [m].[CreatedAt] THEN [m].[CreatedAt] ELSE @Now END,
    [m].[UpdatedAt] = @Now
FROM [tenancy].[Membership] AS [m]
WHERE [m].[OrganizationId] = @OrganizationId
  AND [m].[RemovedAt] IS NULL;

-- The organization's provider credentials go entirely (revoked ones too): a wrapped provider secret of an erased
-- organization has no further use, and nothing refers to these rows (audit events hold their ids as text only).
DELETE [c]
FROM [tenancy].[ProviderCredential] AS [c]
WHERE [c].[OrganizationId] = @OrganizationId;

-- Tags are not in the indexed views (usage.UsageHourly, usage.UsagePurgeHourly), so these updates leave them alone.
UPDATE [e]
SET [e].[Tags] = NULL
FROM [usage].[UsageEvent] AS [e]
WHERE [e].[OrganizationId] = @OrganizationId
  AND [e].[Tags] IS NOT NULL;

UPDATE [s]
SET [s].[Tags] = NULL
FROM [usage].[UsageEventStaging] AS [s]
WHERE [s].[OrganizationId] = @OrganizationId
  AND [s].[Tags] IS NOT NULL;

UPDATE [p]
SET [p].[Tags] = NULL
FROM [usage].[UsageEventPurge] AS [p]
WHERE [p].[OrganizationId] = @OrganizationId
  AND [p].[Tags] IS NOT NULL;

IF @AlreadyErased = 0
BEGIN
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
    VALUES (@OrganizationId, CASE WHEN @ActorUserId IS NULL THEN 'system' ELSE 'user' END, @ActorUserId,
            'tenancy.organization_erased', 'organization', CONVERT (VARCHAR (100), @OrganizationId));
END;

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @OrganizationId AS [OrganizationId],
       CAST(CASE WHEN @AlreadyErased = 1 THEN 'already_erased' ELSE 'erased' END AS VARCHAR (20)) AS [Status];
