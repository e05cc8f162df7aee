/*
Shared builders for the hand-written tSQLt classes (PlatformDb.Tests/tSQLt/Tests). Created before the classes; every
test runs inside the transaction tSQLt rolls back, so the rows these procedures write never outlive a test.
They write the real tables directly (not through the procedures under test), with unique natural keys made from
NEWID(), so that tests never collide with each other or with the development seed's rows.
Tables that carry an OrganizationId are never faked here: issue 14 puts them under a schema-bound row-level security
policy, and whether tSQLt.FakeTable (sp_rename) works under such a policy is unconfirmed.
TestData.RunDevSeed (the development seed as a procedure) is created by the harness, not here.
*/
CREATE SCHEMA [TestData] AUTHORIZATION [dbo];
GO

-- 32 lower-case hexadecimal characters: fits every slug, code, prefix and e-mail rule of the schema.
CREATE FUNCTION [TestData].[UniqueToken] (@Seed UNIQUEIDENTIFIER)
RETURNS VARCHAR (32)
AS
BEGIN
    RETURN LOWER(REPLACE(CONVERT (VARCHAR (36), @Seed), '-', ''));
END;
GO

-- A live user with a password credential (a PBKDF2 PHC string; never verified by the database).
CREATE PROCEDURE [TestData].[NewUser]
    @UserId INT OUTPUT,
    @Email  NVARCHAR (320) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());

    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (COALESCE(@Email, CONCAT(N'u', @Token, N'@example.test')), CONCAT(N'Test user ', @Token));
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);

    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$dGVzdHNhbHQ$dGVzdGhhc2g');
END;
GO

-- A live organization with one live owner (a new user unless @OwnerUserId is given).
CREATE PROCEDURE [TestData].[NewOrganization]
    @OrganizationId INT OUTPUT,
    @OwnerUserId    INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());

    IF @OwnerUserId IS NULL
        EXECUTE [TestData].[NewUser] @UserId = @OwnerUserId OUTPUT;

    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES (CONCAT('o', @Token), CONCAT(N'Test organization ', @Token));
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);

    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @OwnerUserId, 'owner');
END;
GO

-- A live membership of an existing user (a new user unless @UserId is given).
CREATE PROCEDURE [TestData].[NewMember]
    @OrganizationId INT,
    @Role           VARCHAR (20),
    @UserId         INT = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    IF @UserId IS NULL
        EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @UserId, @Role);
END;
GO

-- An API key with a unique prefix and SHA-256 hash. CreatedAt defaults to 30 days ago, so keys are valid for any
-- event or authentication time of the last month.
CREATE PROCEDURE [TestData].[NewApiKey]
    @OrganizationId  INT,
    @CreatedByUserId INT,
    @ApiKeyId        INT OUTPUT,
    @KeyHash         VARBINARY (32) = NULL OUTPUT,
    @Scopes          NVARCHAR (1000) = N'[]',
    @CreatedAt       DATETIME2 (3) = NULL,
    @ExpiresAt       DATETIME2 (3) = NULL,
    @Name            NVARCHAR (100) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Created DATETIME2 (3) = COALESCE(@CreatedAt, DATEADD(DAY, -30, CAST(SYSUTCDATETIME() AS DATETIME2 (3))));

    SET @KeyHash = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));

    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes], [CreatedAt], [ExpiresAt], [UpdatedAt])
    VALUES (@OrganizationId, @CreatedByUserId, COALESCE(@Name, CONCAT(N'Test key ', @Token)), CONCAT('tk', LEFT(@Token, 14)),
            @KeyHash, @Scopes, @Created, @ExpiresAt, @Created);
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
END;
GO

-- A live model of a new provider with one USD price effective from @EffectiveFrom (open-ended).
CREATE PROCEDURE [TestData].[NewModelWithPrice]
    @ModelId                     INT OUTPUT,
    @InputPricePerMillionTokens  DECIMAL (19, 6) = 1.000000,
    @OutputPricePerMillionTokens DECIMAL (19, 6) = 2.000000,
    @EffectiveFrom               DATETIME2 (3) = '2020-01-01T00:00:00'
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @ProviderId INT;

    INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
    VALUES (CONCAT('p', @Token), CONCAT(N'Test provider ', @Token));
    SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);

    INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
    VALUES (@ProviderId, CONCAT('m', @Token), CONCAT(N'Test model ', @Token), 128000, 4096, 'active');
    SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);

    INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
    VALUES (@ModelId, 'USD', @InputPricePerMillionTokens, @OutputPricePerMillionTokens, @EffectiveFrom);
END;
GO

-- A live budget. @ScopeType 'organization' | 'user' (@UserId) | 'apikey' (@ApiKeyId).
CREATE PROCEDURE [TestData].[NewBudget]
    @OrganizationId INT,
    @BudgetId       INT OUTPUT,
    @ScopeType      VARCHAR (12) = 'organization',
    @UserId         INT = NULL,
    @ApiKeyId       INT = NULL,
    @Period         VARCHAR (10) = 'monthly',
    @LimitAmount    DECIMAL (19, 6) = NULL,
    @LimitTokens    BIGINT = NULL,
    @AlertThreshold DECIMAL (5, 4) = NULL,
    @HardStop       BIT = 1
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount],
                                    [LimitTokens], [AlertThreshold], [HardStop])
    VALUES (@OrganizationId, @ScopeType, @UserId, @ApiKeyId, @Period, 'USD', @LimitAmount, @LimitTokens, @AlertThreshold, @HardStop);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
END;
GO

-- One usage event through the real ingest (usage.RecordUsageEventsAt) with @Now one minute after the event unless
-- given, so fixed past dates are inside the late-arrival window. A refusal is thrown to the caller. @UserId and @Tags
-- are NULL unless given (TestData.RecordTaggedEvent gives both).
CREATE PROCEDURE [TestData].[RecordEvent]
    @OrganizationId     INT,
    @ApiKeyId           INT,
    @ModelId            INT,
    @RequestId          VARCHAR (64),
    @OccurredAt         DATETIME2 (3),
    @PromptTokens       INT = 1000,
    @CompletionTokens   INT = 500,
    @CachedTokens       INT = 0,
    @LatencyMs          INT = 300,
    @TimeToFirstTokenMs INT = 100,
    @StatusCode         SMALLINT = 200,
    @Now                DATETIME2 (3) = NULL,
    @UserId             INT = NULL,
    @Tags               NVARCHAR (400) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Events [usage].[UsageEventList];
    DECLARE @At DATETIME2 (3) = COALESCE(@Now, DATEADD(MINUTE, 1, @OccurredAt));

    INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                         [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
    VALUES (1, @RequestId, @ApiKeyId, @UserId, @ModelId, @OccurredAt, @PromptTokens, @CompletionTokens,
            @CachedTokens, @LatencyMs, @TimeToFirstTokenMs, @StatusCode, NULL, @Tags);

    -- Plain EXECUTE (not INSERT ... EXECUTE): the procedure opens a savepoint inside the test's transaction.
    -- @ReportInserted = 0: the (empty) result set lists only duplicates and rejections.
    EXECUTE [usage].[RecordUsageEventsAt]
        @OrganizationId = @OrganizationId,
        @Events = @Events,
        @Now = @At,
        @RejectInvalid = 0,
        @ReportInserted = 0;
END;
GO

-- UsageRollupTests: two organizations, two models, events in two hours of 2026-03-18 (one error, one without time to
-- first token). Expected totals are spelled out in the tests that use it.
CREATE PROCEDURE [TestData].[RecordSampleUsageDay]
    @OrganizationId      INT OUTPUT,
    @OtherOrganizationId INT OUTPUT,
    @ApiKeyId            INT OUTPUT,
    @ModelId             INT OUTPUT,
    @OtherModelId        INT OUTPUT
AS
BEGIN
    DECLARE @OwnerUserId INT, @OtherOwnerUserId INT, @OtherApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherApiKeyId OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @ModelId OUTPUT, @InputPricePerMillionTokens = 1.0, @OutputPricePerMillionTokens = 2.0;
    EXECUTE [TestData].[NewModelWithPrice] @ModelId = @OtherModelId OUTPUT, @InputPricePerMillionTokens = 3.0, @OutputPricePerMillionTokens = 4.0;

    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'a1', @OccurredAt = '2026-03-18T10:05:00', @PromptTokens = 100, @CompletionTokens = 10, @LatencyMs = 200, @TimeToFirstTokenMs = 50;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'a2', @OccurredAt = '2026-03-18T10:45:00', @PromptTokens = 200, @CompletionTokens = 20, @LatencyMs = 300, @TimeToFirstTokenMs = NULL, @StatusCode = 500;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @ModelId,
        @RequestId = 'a3', @OccurredAt = '2026-03-18T11:15:00', @PromptTokens = 300, @CompletionTokens = 30, @LatencyMs = 400, @TimeToFirstTokenMs = 70;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ModelId = @OtherModelId,
        @RequestId = 'a4', @OccurredAt = '2026-03-18T11:20:00', @PromptTokens = 400, @CompletionTokens = 40, @LatencyMs = 500, @TimeToFirstTokenMs = 90;
    EXECUTE [TestData].[RecordEvent] @OrganizationId = @OtherOrganizationId, @ApiKeyId = @OtherApiKeyId, @ModelId = @ModelId,
        @RequestId = 'b1', @OccurredAt = '2026-03-18T10:10:00', @PromptTokens = 5000, @CompletionTokens = 500, @LatencyMs = 900, @TimeToFirstTokenMs = 100;
END;
GO

-- Row counts of every table the development seed writes, plus the tables a seed change could start writing by accident
-- (last use, the audit chain its audit rows would extend, provider credentials, the other usage tables), one row per
-- table (for the seed's idempotence test).
CREATE PROCEDURE [TestData].[SeededRowCounts]
AS
BEGIN
    SET NOCOUNT ON;
    SELECT N'tenancy.Organization' AS [TableName], COUNT_BIG(*) AS [RowCount] FROM [tenancy].[Organization]
    UNION ALL SELECT N'tenancy.Membership', COUNT_BIG(*) FROM [tenancy].[Membership]
    UNION ALL SELECT N'identity.User', COUNT_BIG(*) FROM [identity].[User]
    UNION ALL SELECT N'identity.UserCredential', COUNT_BIG(*) FROM [identity].[UserCredential]
    UNION ALL SELECT N'identity.ApiKey', COUNT_BIG(*) FROM [identity].[ApiKey]
    UNION ALL SELECT N'identity.ApiKeyScope', COUNT_BIG(*) FROM [identity].[ApiKeyScope]
    UNION ALL SELECT N'catalog.Provider', COUNT_BIG(*) FROM [catalog].[Provider]
    UNION ALL SELECT N'catalog.Model', COUNT_BIG(*) FROM [catalog].[Model]
    UNION ALL SELECT N'catalog.ModelPrice', COUNT_BIG(*) FROM [catalog].[ModelPrice]
    UNION ALL SELECT N'billing.Budget', COUNT_BIG(*) FROM [billing].[Budget]
    UNION ALL SELECT N'billing.BudgetPeriodUsage', COUNT_BIG(*) FROM [billing].[BudgetPeriodUsage]
    UNION ALL SELECT N'usage.UsageEvent', COUNT_BIG(*) FROM [usage].[UsageEvent]
    UNION ALL SELECT N'usage.UsageDaily', COUNT_BIG(*) FROM [usage].[UsageDaily]
    UNION ALL SELECT N'usage.UsageDayStatus', COUNT_BIG(*) FROM [usage].[UsageDayStatus]
    UNION ALL SELECT N'audit.AuditEvent', COUNT_BIG(*) FROM [audit].[AuditEvent]
    UNION ALL SELECT N'audit.AuditChain', COUNT_BIG(*) FROM [audit].[AuditChain]
    UNION ALL SELECT N'identity.ApiKeyLastUse', COUNT_BIG(*) FROM [identity].[ApiKeyLastUse]
    UNION ALL SELECT N'tenancy.ProviderCredential', COUNT_BIG(*) FROM [tenancy].[ProviderCredential]
    UNION ALL SELECT N'usage.UsageEventPurge', COUNT_BIG(*) FROM [usage].[UsageEventPurge]
    UNION ALL SELECT N'usage.UsageEventStaging', COUNT_BIG(*) FROM [usage].[UsageEventStaging];
END;
GO
