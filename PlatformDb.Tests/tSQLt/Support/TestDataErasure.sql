/*
Builders of the erasure and audit-chain classes (EraseUserTests, EraseOrganizationTests, AuditChainTests). Support files
are created in name order after TestData.sql, which creates the schema and the shared builders used here.
Usage rows go through the real ingest (usage.RecordUsageEventsAt, by TestData.RecordEvent) with a model and price of
their own (TestData.NewModelWithPrice): the tSQLt database is published without the development seed, so no model or price with
a known id exists, and the ingest sets HourBucket, Shard, cost and price as every CHECK of usage.UsageEvent expects.
*/

CREATE PROCEDURE [TestData].[AppendAuditEvent]
    @AuditEventId BIGINT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', 'test.append', 'test', CONVERT (VARCHAR (100), NEWID()), N'{"n":1}');
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
END;
GO

-- One usage event with @UserId and @Tags through TestData.RecordEvent, one minute before the server's now (inside the
-- accepted window, after any key of TestData.NewApiKey was created). A refusal is thrown to the caller.
CREATE PROCEDURE [TestData].[RecordTaggedEvent]
    @OrganizationId INT,
    @ApiKeyId       INT,
    @ModelId        INT,
    @UserId         INT,
    @Tags           NVARCHAR (400)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -1, @Now);
    DECLARE @RequestId VARCHAR (64) = CONCAT('erasure-', [TestData].[UniqueToken](NEWID()));

    EXECUTE [TestData].[RecordEvent]
        @OrganizationId = @OrganizationId,
        @ApiKeyId = @ApiKeyId,
        @ModelId = @ModelId,
        @RequestId = @RequestId,
        @OccurredAt = @OccurredAt,
        @LatencyMs = 250,
        @Now = @Now,
        @UserId = @UserId,
        @Tags = @Tags;
END;
GO

-- An organization with an owner and a member, two keys (the member's revoked earlier), a usage event with tags on each
-- key and a budget with spend.
CREATE PROCEDURE [TestData].[NewErasureOrganization]
    @OrganizationId INT OUTPUT,
    @OwnerId        INT OUTPUT,
    @MemberId       INT OUTPUT,
    @BudgetId       INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @OwnerKeyId INT, @MemberKeyId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @MemberId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerId, @ApiKeyId = @OwnerKeyId OUTPUT,
        @Name = N'Acme production';
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @MemberId, @ApiKeyId = @MemberKeyId OUTPUT,
        @Name = N'Acme staging';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    -- Events first: the ingest refuses a key revoked before the event.
    EXECUTE [TestData].[RecordTaggedEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @OwnerKeyId, @ModelId = @ModelId,
        @UserId = @OwnerId, @Tags = N'{"project":"Acme secret project"}';
    EXECUTE [TestData].[RecordTaggedEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @MemberKeyId, @ModelId = @ModelId,
        @UserId = NULL, @Tags = N'{"customer":"Acme customer"}';

    UPDATE [identity].[ApiKey]
    SET [RevokedAt] = DATEADD(DAY, 1, [CreatedAt]), [RevokedByUserId] = @OwnerId
    WHERE [ApiKeyId] = @MemberKeyId;

    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 100;
    INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
    VALUES (@BudgetId, DATEFROMPARTS(YEAR(SYSUTCDATETIME()), MONTH(SYSUTCDATETIME()), 1), 12.5, 4000);
END;
GO

-- A person with a password, a live membership as a plain member of an organization that has another owner, a key the
-- person created and a usage event of the person with tags.
CREATE PROCEDURE [TestData].[NewErasurePerson]
    @UserId         INT OUTPUT,
    @OrganizationId INT OUTPUT,
    @ApiKeyId       INT OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @OwnerId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'member', @UserId = @UserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @UserId, @ApiKeyId = @ApiKeyId OUTPUT,
        @Name = N'Jane laptop';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    EXECUTE [TestData].[RecordTaggedEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @UserId = @UserId, @Tags = N'{"customer":"Jane Person"}';
END;
GO
