/*
Adds a live user to the caller's organization with a role, or revives the membership of a removed member (the same
row: UQ_Membership_Organization_User holds over all rows). @Role is declared VARCHAR(16) as the contract says; the
longest role has 7 characters, so a truncated value can never become a valid role.
The actor must be a live owner or admin of @OrganizationId; only an owner may grant, change or remove the owner role.
Another organization's members (and an unknown or deleted organization) are refused like missing ones.
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Audit: tenancy.member_added (actor @ActorUserId, target the user id, Details {"role": ...}).
Errors: 50503 user unknown or deleted; 50504 actor may not do this; 50505 unknown role; 50506 already a live member.
*/
CREATE PROCEDURE [tenancy].[AddMember]
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
DECLARE @Removed BIT;

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
    SAVE TRANSACTION [AddMember];

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
       @Removed = CASE WHEN [m].[RemovedAt] IS NULL THEN 0 ELSE 1 END
FROM [tenancy].[Membership] AS [m] WITH (UPDLOCK, HOLDLOCK)
WHERE [m].[OrganizationId] = @OrganizationLocked
  AND [m].[UserId] = @UserId;

SET @Refusal =
    CASE
        WHEN @ActorRole IS NULL OR @ActorRole NOT IN ('owner', 'admin') OR (@Role = 'owner' AND @ActorRole <> 'owner') THEN 50504
        WHEN NOT EXISTS (SELECT 1 FROM [identity].[User] AS [u] WHERE [u].[UserId] = @UserId AND [u].[DeletedAt] IS NULL) THEN 50503
        WHEN @MembershipId IS NOT NULL AND @Removed = 0 THEN 50506
    END;

IF @Refusal IS NOT NULL
BEGIN
    -- Decided before anything was written; undo only this call (its own transaction or back to its savepoint).
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [AddMember];
    SET XACT_ABORT OFF;
    IF @Refusal = 50503
    BEGIN
        SET @Message = CONCAT(N'User ', @UserId, N' does not exist or is deleted.');
        THROW 50503, @Message, 1;
    END;
    IF @Refusal = 50504
    BEGIN
        SET @Message = CONCAT(N'User ', @ActorUserId, N' may not change the members of the organization (not an owner or admin of it, only an owner may grant, change or remove the owner role, or the organization does not exist).');
        THROW 50504, @Message, 1;
    END;
    SET @Message = CONCAT(N'User ', @UserId, N' is already a member of the organization.');
    THROW 50506, @Message, 1;
END;

IF @MembershipId IS NULL
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role], [InvitedByUserId], [CreatedAt], [UpdatedAt])
    VALUES (@OrganizationId, @UserId, @Role, @ActorUserId, @Now, @Now);
ELSE
    UPDATE [m]
    SET [m].[Role] = @Role,
        [m].[InvitedByUserId] = @ActorUserId,
        [m].[RemovedAt] = NULL,
        [m].[UpdatedAt] = @Now
    FROM [tenancy].[Membership] AS [m]
    WHERE [m].[MembershipId] = @MembershipId;

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'user', @ActorUserId, 'tenancy.member_added', 'user', CONVERT (VARCHAR (100), @UserId),
        CONCAT(N'{"role":"', @Role, N'"}'));

IF @TranCount = 0
    COMMIT TRANSACTION;
