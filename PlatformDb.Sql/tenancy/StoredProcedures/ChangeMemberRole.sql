/*
Changes the role of a live member of the caller's organization. The last live owner cannot be given another role.
The actor must be a live owner or admin of @OrganizationId; only an owner may grant, change or remove the owner role.
Another organization's members (and an unknown or deleted organization) are refused like missing ones.
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Audit: tenancy.member_role_changed (actor @ActorUserId, target the user id, Details {"from": ..., "to": ...}); a call
that sets the role the member already has changes nothing and writes no audit row.
Errors: 50504 actor may not do this; 50505 unknown role; 50507 not a live member of the organization; 50508 last owner.
*/
CREATE PROCEDURE [tenancy].[ChangeMemberRole]
    @OrganizationId INT,
    @UserId         INT,
    @Role           VARCHAR (16),
    @ActorUserId    INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @OrganizationLocked INT;
DECLARE @ActorRole VARCHAR (20);
DECLARE @CurrentRole VARCHAR (20);
DECLARE @MembershipId INT;
DECLARE @Refusal INT;

-- Binary and without trailing spaces: the database collation is case-insensitive and '=' ignores trailing spaces, so
-- 'Owner ' would otherwise pass (and CK_Membership_RoleKnown would store it).
IF @Role IS NULL OR DATALENGTH(@Role) <> LEN(@Role)
   OR @Role COLLATE Latin1_General_100_BIN2 NOT IN ('owner', 'admin', 'member', 'billing', 'viewer')
BEGIN
    SET XACT_ABORT OFF;
    THROW 50505, N'Unknown role: use owner, admin, member, billing or viewer.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [ChangeMemberRole];

-- Every membership change of an organization first locks its row: concurrent changes of one organization run one
-- after the other, so two removals of its last two owners cannot both see another owner left.
SELECT @OrganizationLocked = [o].[OrganizationId]
FROM [tenancy].[Organization] AS [o] WITH (UPDLOCK, HOLDLOCK)
WHERE [o].[OrganizationId] = @OrganizationId
  AND [o].[DeletedAt] IS NULL;

SELECT @ActorRole = [m].[Role]
FROM [tenancy].[Membership] AS [m]
INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
WHERE [m].[OrganizationId] = @OrganizationLocked
  AND [m].[UserId] = @ActorUserId
  AND [m].[RemovedAt] IS NULL
  AND [u].[DeletedAt] IS NULL;

SELECT @MembershipId = [m].[MembershipId],
       @CurrentRole = [m].[Role]
FROM [tenancy].[Membership] AS [m] WITH (UPDLOCK, HOLDLOCK)
WHERE [m].[OrganizationId] = @OrganizationLocked
  AND [m].[UserId] = @UserId
  AND [m].[RemovedAt] IS NULL;

SET @Refusal =
    CASE
        WHEN @ActorRole IS NULL OR @ActorRole NOT IN ('owner', 'admin') THEN 50504
        WHEN @MembershipId IS NULL THEN 50507
        WHEN (@Role = 'owner' OR @CurrentRole = 'owner') AND @ActorRole <> 'owner' THEN 50504
        WHEN @CurrentRole = 'owner' AND @Role <> 'owner'
         AND NOT EXISTS (SELECT 1 FROM [tenancy].[Membership] AS [o]
                         INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [o].[UserId]
                         WHERE [o].[OrganizationId] = @OrganizationLocked AND [o].[Role] = 'owner'
                           AND [o].[RemovedAt] IS NULL AND [u].[DeletedAt] IS NULL AND [o].[UserId] <> @UserId) THEN 50508
    END;

IF @Refusal IS NOT NULL
BEGIN
    -- Decided before anything was written; undo only this call (its own transaction or back to its savepoint).
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [ChangeMemberRole];
    SET XACT_ABORT OFF;
    IF @Refusal = 50504
    BEGIN
        SET @Message = CONCAT(N'User ', @ActorUserId, N' may not change the members of the organization (not an owner or admin of it, only an owner may grant, change or remove the owner role, or the organization does not exist).');
        THROW 50504, @Message, 1;
    END;
    IF @Refusal = 50507
    BEGIN
        SET @Message = CONCAT(N'User ', @UserId, N' is not a member of the organization.');
        THROW 50507, @Message, 1;
    END;
    THROW 50508, N'The last owner of an organization can be neither removed nor given another role: make another member owner first.', 1;
END;

IF @CurrentRole <> @Role
BEGIN
    UPDATE [m]
    SET [m].[Role] = @Role,
        [m].[UpdatedAt] = @Now
    FROM [tenancy].[Membership] AS [m]
    WHERE [m].[MembershipId] = @MembershipId;

    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId], [Details])
    VALUES (@OrganizationId, 'user', @ActorUserId, 'tenancy.member_role_changed', 'user', CONVERT (VARCHAR (100), @UserId),
            CONCAT(N'{"from":"', @CurrentRole, N'","to":"', @Role, N'"}'));
END;

IF @TranCount = 0
    COMMIT TRANSACTION;
