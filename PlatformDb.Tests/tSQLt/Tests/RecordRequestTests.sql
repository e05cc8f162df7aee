/*
billing.RecordRequest (docs/service-path.md): one request is checked and priced like usage ingest, charges every
live budget that applies (organization, user, key and the key's replacement) and stores the usage event, all in one
unit; a retry with the same request id charges nothing; a budget refusal stores nothing. The event must lie in the
accepted window around the server's clock, so these tests use "five minutes ago". usage.UsageEvent is the real
table (an indexed view is bound to it, so tSQLt.FakeTable cannot rename it, Msg 15336, tSQLt-org/tSQLt#105); the
test transaction rolls its rows back. Plain EXECUTE: the procedure opens a savepoint (see CreateApiKeyTests).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'RecordRequestTests';
GO

CREATE PROCEDURE [RecordRequestTests].[test a request stores a priced event and charges the organization budget]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @BudgetId INT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT, @InputPricePerMillionTokens = 1.0, @OutputPricePerMillionTokens = 2.0;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 100.000000;

    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @RequestId = @RequestId,
        @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 1000, @CompletionTokens = 500, @LatencyMs = 250, @StatusCode = 200;

    -- 1000 * 1.0 / 1e6 + 500 * 2.0 / 1e6 = 0.002 USD; tokens = prompt + completion.
    SELECT [e].[RequestId], [e].[CostAmount], [u].[SpentAmount], [u].[SpentTokens]
    INTO [#Actual]
    FROM [usage].[UsageEvent] AS [e]
    CROSS JOIN [billing].[BudgetPeriodUsage] AS [u]
    WHERE [e].[OrganizationId] = @OrganizationId AND [u].[BudgetId] = @BudgetId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@RequestId, 0.002, 0.002, 1500);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [RecordRequestTests].[test a retried request id charges nothing more and stores one event]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @BudgetId INT, @Events INT, @SpentTokens BIGINT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitTokens = 1000000;

    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @RequestId = @RequestId,
        @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 100, @CompletionTokens = 20, @LatencyMs = 250, @StatusCode = 200;
    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @RequestId = @RequestId,
        @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 100, @CompletionTokens = 20, @LatencyMs = 250, @StatusCode = 200;

    SELECT @Events = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [RequestId] = @RequestId;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Events, @Message = N'one event';
    SELECT @SpentTokens = SUM([SpentTokens]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;
    EXECUTE tSQLt.AssertEquals @Expected = 120, @Actual = @SpentTokens, @Message = N'charged once';
END;
GO

CREATE PROCEDURE [RecordRequestTests].[test a request beyond a hard budget is refused with 50202 and stores nothing]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @OrgBudgetId INT, @KeyBudgetId INT;
    DECLARE @ErrorNumber INT, @Events INT, @PeriodRows INT, @XactState INT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    -- The organization budget (lower BudgetId, charged first) fits; the key budget refuses: nothing of either stays.
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @OrgBudgetId OUTPUT, @LimitTokens = 1000000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @KeyBudgetId OUTPUT,
        @ScopeType = 'apikey', @ApiKeyId = @ApiKeyId, @LimitTokens = 100;

    BEGIN TRY
        EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @RequestId = @RequestId,
            @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 100, @CompletionTokens = 20, @LatencyMs = 250, @StatusCode = 200;
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;
    SET @XactState = XACT_STATE();

    EXECUTE tSQLt.AssertEquals @Expected = 50202, @Actual = @ErrorNumber, @Message = N'refused';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @XactState, @Message = N'the caller''s transaction stays committable';
    SELECT @Events = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Events, @Message = N'no event';
    SELECT @PeriodRows = COUNT(*) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] IN (@OrgBudgetId, @KeyBudgetId) AND [SpentTokens] > 0;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @PeriodRows, @Message = N'no budget charged';
END;
GO

CREATE PROCEDURE [RecordRequestTests].[test a user of another organization is refused with 50204]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50204;
    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @UserId = @OtherOwnerUserId,
        @RequestId = @RequestId, @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 1, @CompletionTokens = 1,
        @LatencyMs = 10, @StatusCode = 200;
END;
GO

CREATE PROCEDURE [RecordRequestTests].[test a key of another organization is refused with 50301]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT, @OtherApiKeyId INT, @ModelId INT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50301;
    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @RequestId = @RequestId,
        @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 1, @CompletionTokens = 1, @LatencyMs = 10, @StatusCode = 200;
END;
GO

CREATE PROCEDURE [RecordRequestTests].[test a rotated key's request charges the budget moved to its replacement]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @OldKeyId INT, @NewKeyId INT, @ModelId INT, @BudgetId INT, @SpentTokens BIGINT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    DECLARE @RequestId VARCHAR (64) = CONCAT('req-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @OldKeyId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @NewKeyId OUTPUT;
    -- The state identity.RotateApiKey leaves (RotateApiKeyTests covers the rotation itself).
    UPDATE [identity].[ApiKey] SET [ReplacedByApiKeyId] = @NewKeyId WHERE [ApiKeyId] = @OldKeyId;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT,
        @ScopeType = 'apikey', @ApiKeyId = @NewKeyId, @LimitTokens = 1000000;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE [billing].[RecordRequest] @OrganizationId = @OrganizationId, @ApiKeyId = @OldKeyId, @RequestId = @RequestId,
        @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 70, @CompletionTokens = 30, @LatencyMs = 250, @StatusCode = 200;

    SELECT @SpentTokens = SUM([SpentTokens]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;
    EXECUTE tSQLt.AssertEquals @Expected = 100, @Actual = @SpentTokens;
END;
GO
