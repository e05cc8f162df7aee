/*
tenancy.AddMember, tenancy.ChangeMemberRole and tenancy.RemoveMember: who may change what (50504), unknown role
(50505), duplicates (50506), non-members (50507) and the last live owner (50508), plus the soft removal and revival of
one membership row (UQ_Membership_Organization_User holds over all rows).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'MembershipTests';
GO

CREATE PROCEDURE [MembershipTests].[test an owner adds a member with a role and it is audited]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @UserId INT, @Role VARCHAR (20), @InvitedBy INT, @AuditRows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'billing', @ActorUserId = @OwnerUserId;

    SELECT @Role = [Role], @InvitedBy = [InvitedByUserId] FROM [tenancy].[Membership]
    WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId AND [RemovedAt] IS NULL;
    EXECUTE tSQLt.AssertEqualsString @Expected = 'billing', @Actual = @Role;
    EXECUTE tSQLt.AssertEquals @Expected = @OwnerUserId, @Actual = @InvitedBy;
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.member_added' AND [TargetId] = CONVERT (VARCHAR (100), @UserId)
      AND JSON_VALUE([Details], '$.role') = 'billing';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [MembershipTests].[test an admin may not grant the owner role (50504)]
AS
BEGIN
    DECLARE @OrganizationId INT, @AdminUserId INT, @UserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'admin', @UserId = @AdminUserId OUTPUT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50504;
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'owner', @ActorUserId = @AdminUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test a role in another case is refused with 50505]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @UserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50505;
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'Member', @ActorUserId = @OwnerUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test adding a live member again is refused with 50506]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @UserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50506;
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'viewer', @ActorUserId = @OwnerUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test adding a removed member revives the same membership row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @UserId INT, @MembershipId INT, @Rows INT, @LiveId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @UserId OUTPUT;
    SELECT @MembershipId = [MembershipId] FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId;

    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @ActorUserId = @OwnerUserId;
    EXECUTE [tenancy].[AddMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @Role = 'viewer', @ActorUserId = @OwnerUserId;

    SELECT @Rows = COUNT(*) FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows, @Message = N'one row per organization and user';
    SELECT @LiveId = [MembershipId] FROM [tenancy].[Membership]
    WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId AND [RemovedAt] IS NULL AND [Role] = 'viewer';
    EXECUTE tSQLt.AssertEquals @Expected = @MembershipId, @Actual = @LiveId, @Message = N'the same row, live again';
END;
GO

CREATE PROCEDURE [MembershipTests].[test the last owner cannot be given another role (50508)]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50508;
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @OwnerUserId, @Role = 'admin', @ActorUserId = @OwnerUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test an owner can hand over ownership and then step down]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @AdminUserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'admin', @UserId = @AdminUserId OUTPUT;

    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @AdminUserId, @Role = 'owner', @ActorUserId = @OwnerUserId;
    EXECUTE [tenancy].[ChangeMemberRole] @OrganizationId = @OrganizationId, @UserId = @OwnerUserId, @Role = 'member', @ActorUserId = @OwnerUserId;

    SELECT [UserId], [Role] INTO [#Actual] FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId;
    CREATE TABLE [#Expected] ([UserId] INT, [Role] VARCHAR (20));
    INSERT INTO [#Expected] VALUES (@OwnerUserId, 'member'), (@AdminUserId, 'owner');
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [MembershipTests].[test the last owner cannot be removed (50508)]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50508;
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @OwnerUserId, @ActorUserId = @OwnerUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test a deleted co-owner does not count as another owner]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @CoOwnerUserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'owner', @UserId = @CoOwnerUserId OUTPUT;
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @CoOwnerUserId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50508;
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @OwnerUserId, @ActorUserId = @OwnerUserId;
END;
GO

CREATE PROCEDURE [MembershipTests].[test a plain member may remove itself]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @RemovedAt DATETIME2 (3), @AuditRows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @UserId OUTPUT;

    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @UserId, @ActorUserId = @UserId;

    SELECT @RemovedAt = [RemovedAt] FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId;
    IF @RemovedAt IS NULL
        EXECUTE tSQLt.Fail N'The membership must be removed (RemovedAt set).';
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.member_removed' AND [TargetId] = CONVERT (VARCHAR (100), @UserId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [MembershipTests].[test a member of another organization is refused like a non-member (50507)]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @OtherOrganizationId INT, @OtherMemberUserId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OtherOrganizationId, @Role = 'member', @UserId = @OtherMemberUserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50507;
    EXECUTE [tenancy].[RemoveMember] @OrganizationId = @OrganizationId, @UserId = @OtherMemberUserId, @ActorUserId = @OwnerUserId;
END;
GO
