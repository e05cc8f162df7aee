/*
Usage ingest: usage.RecordUsageEvent, usage.RecordUsageEvents and their clocked body usage.RecordUsageEventsAt.
The cost is priced from the catalog.ModelPrice row effective at OccurredAt; a retry with the same request id and hour
is a no-op; the window is [now - 2 days, now + 5 minutes] (50306 / 50305); any invalid row refuses the whole batch.
usage.UsageEvent cannot be faked (schema-bound indexed views usage.UsageHourly / UsagePurgeHourly: FakeTable's
sp_rename fails with Msg 15336, tSQLt-org/tSQLt#105 and #17), so the real table is used inside the test transaction; every
test writes its own organization and filters on it. Fixed March 2026 dates with @Now one minute later keep the
window checks deterministic (usage.RecordUsageEventsAt takes @Now; no role may call it). Plain EXECUTE throughout
(the procedure opens a savepoint, see CreateApiKeyTests).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'UsageIngestTests';
GO

CREATE PROCEDURE [UsageIngestTests].[test the cost is priced from the price effective at OccurredAt]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT, @InputPricePerMillionTokens = 1.0, @OutputPricePerMillionTokens = 2.0,
        @EffectiveFrom = '2026-01-01T00:00:00';
    -- From 12:00 the model costs ten times as much; the first price ends there.
    UPDATE [catalog].[ModelPrice] SET [EffectiveTo] = '2026-03-18T12:00:00' WHERE [ModelId] = @ModelId;
    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
    VALUES (@ModelId, 'USD', 10.0, 20.0, '2026-03-18T12:00:00');

    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'before', @OccurredAt = '2026-03-18T11:59:59.999', @PromptTokens = 1000, @CompletionTokens = 500;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'after', @OccurredAt = '2026-03-18T12:00:00', @PromptTokens = 1000, @CompletionTokens = 500;

    SELECT [RequestId], [CostAmount], [HourBucket] INTO [#Actual] FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES ('before', 0.002, '2026-03-18T11:00:00'), ('after', 0.02, '2026-03-18T12:00:00');
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test the cost is rounded half away from zero at six decimals]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @Cost DECIMAL (19, 6);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    -- 1 prompt token at 0.5 per million = 0.0000005 USD, exactly half a unit of the sixth decimal: rounds up.
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT, @InputPricePerMillionTokens = 0.5, @OutputPricePerMillionTokens = 0;

    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'half', @OccurredAt = '2026-03-18T10:00:00', @PromptTokens = 1, @CompletionTokens = 0;

    SELECT @Cost = [CostAmount] FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 0.000001, @Actual = @Cost;
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test a retry with the same request id in the same hour is a no-op]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @Rows INT, @Tokens INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'retried', @OccurredAt = '2026-03-18T10:15:00', @PromptTokens = 10;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'retried', @OccurredAt = '2026-03-18T10:15:00', @PromptTokens = 99;

    SELECT @Rows = COUNT(*), @Tokens = MAX([PromptTokens]) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows, @Message = N'one row';
    EXECUTE tSQLt.AssertEquals @Expected = 10, @Actual = @Tokens, @Message = N'the first write wins';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test the same request id of another organization is not a duplicate]
AS
BEGIN
    DECLARE @FirstOrg INT, @FirstOwner INT, @FirstKey INT, @SecondOrg INT, @SecondOwner INT, @SecondKey INT, @ModelId INT, @Rows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @FirstOrg OUTPUT, @OwnerUserId = @FirstOwner OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @SecondOrg OUTPUT, @OwnerUserId = @SecondOwner OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @FirstOrg, @CreatedByUserId = @FirstOwner, @ApiKeyId = @FirstKey OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @SecondOrg, @CreatedByUserId = @SecondOwner, @ApiKeyId = @SecondKey OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE [TestData].[RecordEvent] @OrganizationId = @FirstOrg, @ApiKeyId = @FirstKey, @ModelId = @ModelId,
        @RequestId = 'shared-id', @OccurredAt = '2026-03-18T10:15:00';
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @SecondOrg, @ApiKeyId = @SecondKey, @ModelId = @ModelId,
        @RequestId = 'shared-id', @OccurredAt = '2026-03-18T10:15:00';

    SELECT @Rows = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] IN (@FirstOrg, @SecondOrg);
    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @Rows;
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test an event more than five minutes in the future is refused with 50305]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50305, @ExpectedMessagePattern = N'Usage event 1:%';
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'future', @OccurredAt = '2026-03-18T10:05:00.001', @Now = '2026-03-18T10:00:00';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test an event older than two days is refused with 50306]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50306;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'late', @OccurredAt = '2026-03-16T09:59:59.999', @Now = '2026-03-18T10:00:00';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test an event for the leftmost partition is refused with 50306]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2019-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT, @EffectiveFrom = '2019-01-01T00:00:00';

    -- Inside the 2-day window of its @Now, but before PF_UsageDay's first boundary (2020-01-01): partition 1 stays empty.
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50306;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'ancient', @OccurredAt = '2019-12-31T23:00:00', @Now = '2020-01-01T00:00:00';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test an event after its key was revoked is refused with 50301 but one before is stored]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @ErrorNumber INT, @Rows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    UPDATE [identity].[ApiKey] SET [RevokedAt] = '2026-03-18T10:30:00', [RevokedByUserId] = @OwnerUserId WHERE [ApiKeyId] = @ApiKeyId;

    -- Served before the revocation: recorded although the key is revoked by now.
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'served', @OccurredAt = '2026-03-18T10:29:00', @Now = '2026-03-18T11:00:00';
    BEGIN TRY
        EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
            @RequestId = 'after-revocation', @OccurredAt = '2026-03-18T10:31:00', @Now = '2026-03-18T11:00:00';
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;

    EXECUTE tSQLt.AssertEquals @Expected = 50301, @Actual = @ErrorNumber;
    SELECT @Rows = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows;
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test one invalid row refuses the whole batch and names the row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @ErrorNumber INT, @ErrorMessage NVARCHAR (2048), @Rows INT;
    DECLARE @Events [usage].[UsageEventList];
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                         [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
    VALUES (1, 'fine', @ApiKeyId, NULL, @ModelId, DATEADD(MINUTE, -5, SYSUTCDATETIME()), 10, 10, 0, 100, 50, 200, NULL, NULL),
           -- Time to first token above the latency: invalid values (50304).
           (2, 'broken', @ApiKeyId, NULL, @ModelId, DATEADD(MINUTE, -5, SYSUTCDATETIME()), 10, 10, 0, 100, 150, 200, NULL, NULL);

    BEGIN TRY
        EXECUTE [usage].[RecordUsageEvents] @OrganizationId = @OrganizationId, @Events = @Events;
    END TRY
    BEGIN CATCH
        SELECT @ErrorNumber = ERROR_NUMBER(), @ErrorMessage = ERROR_MESSAGE();
    END CATCH;

    EXECUTE tSQLt.AssertEquals @Expected = 50304, @Actual = @ErrorNumber;
    EXECUTE tSQLt.AssertLike @ExpectedPattern = N'Usage event 2:%', @Actual = @ErrorMessage;
    SELECT @Rows = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Rows, @Message = N'nothing written';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test within one batch the lowest row number of a request id wins]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    DECLARE @Events [usage].[UsageEventList];
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;
    INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                         [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
    VALUES (2, 'dup', @ApiKeyId, NULL, @ModelId, '2026-03-18T10:10:00', 222, 0, 0, 100, NULL, 200, NULL, NULL),
           (1, 'dup', @ApiKeyId, NULL, @ModelId, '2026-03-18T10:20:00', 111, 0, 0, 100, NULL, 200, NULL, NULL),
           (3, 'other', @ApiKeyId, NULL, @ModelId, '2026-03-18T10:30:00', 333, 0, 0, 100, NULL, 200, NULL, NULL);

    EXECUTE [usage].[RecordUsageEventsAt] @OrganizationId = @OrganizationId, @Events = @Events, @Now = '2026-03-18T11:00:00',
        @RejectInvalid = 0, @ReportInserted = 0;

    SELECT [RequestId], [PromptTokens] INTO [#Actual] FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES ('dup', 111), ('other', 333);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test a request id longer than 64 characters is refused instead of truncated]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT;
    DECLARE @LongRequestId VARCHAR (100) = REPLICATE('r', 65);
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50304;
    EXECUTE [usage].[RecordUsageEvent] @OrganizationId = @OrganizationId, @RequestId = @LongRequestId, @ApiKeyId = @ApiKeyId,
        @UserId = NULL, @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 1, @CompletionTokens = 1, @CachedTokens = 0,
        @LatencyMs = 10, @TimeToFirstTokenMs = NULL, @StatusCode = 200, @ErrorClass = NULL, @Tags = NULL;
END;
GO

CREATE PROCEDURE [UsageIngestTests].[test the single-event procedure records with the server clock]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ModelId INT, @Rows INT;
    DECLARE @OccurredAt DATETIME2 (3) = DATEADD(MINUTE, -5, SYSUTCDATETIME());
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT;

    EXECUTE [usage].[RecordUsageEvent] @OrganizationId = @OrganizationId, @RequestId = 'single', @ApiKeyId = @ApiKeyId,
        @UserId = NULL, @ModelId = @ModelId, @OccurredAt = @OccurredAt, @PromptTokens = 1, @CompletionTokens = 1, @CachedTokens = 0,
        @LatencyMs = 10, @TimeToFirstTokenMs = NULL, @StatusCode = 200, @ErrorClass = NULL, @Tags = N'{"team":"a"}';

    SELECT @Rows = COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId AND [RequestId] = 'single' AND [Tags] = N'{"team":"a"}';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Rows;
END;
GO
