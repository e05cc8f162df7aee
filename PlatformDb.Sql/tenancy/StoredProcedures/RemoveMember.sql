/*
Removes a live member from the caller's organization (soft: Membership.RemovedAt; tenancy.AddMember revives the row).
The last live owner cannot be removed. A member of the organization may also remove itself (@ActorUserId = @UserId),
whatever its role, unless it is the last owner.
The actor must be a live owner or admin of @OrganizationId; only an owner may grant, change or remove the owner role.
Another organization's members (and an unknown or deleted organization) are refused like missing ones.
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Audit: tenancy.member_removed (actor @ActorUserId, target the user id).
Errors: 50504 actor may not do this; 50507 not a live member of the organization; 50508 last owner.
*/
CREATE PROCEDURE [tenancy].[RemoveMember]
    @OrganizationId INT,
    @UserId         INT,
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

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RemoveMember];

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
        WHEN @ActorRole IS NULL THEN 50504
        WHEN @ActorUserId <> @UserId AND @ActorRole NOT IN ('owner', 'admin') THEN 50504
        WHEN @MembershipId IS NULL THEN 50507
        WHEN @ActorUserId <> @UserId AND @CurrentRole = 'owner' AND @ActorRole <> 'owner' THEN 50504
        WHEN @CurrentRole = 'owner'
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
        ROLLBACK TRANSACTION [RemoveMember];
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

-- RemovedAt never precedes CreatedAt (CK_Membership_RemovedAfterCreated).
UPDATE [m]
SET [m].[RemovedAt] = CASE WHEN @Now < [m].[CreatedAt] THEN [m].[CreatedAt] ELSE @Now END,
    [m].[UpdatedAt] = @Now
FROM [tenancy].[Membership] AS [m]
WHERE [m].[MembershipId] = @MembershipId;

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
VALUES (@OrganizationId, 'user', @ActorUserId, 'tenancy.member_removed', 'user', CONVERT (VARCHAR (100), @UserId));

IF @TranCount = 0
    COMMIT TRANSACTION;
