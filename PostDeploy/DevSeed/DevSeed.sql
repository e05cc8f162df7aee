/*
Development seed. Runs only when the SQLCMD variable SeedDevData is 'true' AND Environment is 'dev' or 'test': the
credentials below work, so one mistyped variable must not put them into any other environment. With SeedDevData
'true' elsewhere it PRINTs that it refused and does nothing (the publish itself does not fail).
Idempotent: every row is looked up by its natural key first, so it is safe on every publish.

DEVELOPMENT-ONLY CREDENTIALS, PUBLIC ON PURPOSE (they are in the repository and the README; never reuse them anywhere):
  organization acme
    user     dev@example.com   (owner)
    password PlatformDb-dev-only-2024!
    API key  pdb_dev_0001_uFWEZNucJXkrTaXKr1Zp89jC4EUejftm
  organization globex (v1.4.0)
    user     dev2@example.com  (owner)
    password PlatformDb-dev-only-2024!   (the same PHC string as dev@example.com)
    API key  pdb_dev_0002_gvvGCmUitttfpvbeAqzeUtQKK4n47HYl
The password is stored as a PBKDF2-HMAC-SHA256 PHC string (600000 iterations, 16-byte random salt); the API keys
as the SHA-256 of their UTF-8 bytes, exactly as the application stores real ones (pdb_dev_0002: 0x01EBA514…C5E2).

Budgets (v1.4.0): acme organization monthly 100 USD hard stop (since v1.0.0) and its key monthly 50,000,000 tokens
(soft); globex organization monthly 50 USD hard stop and its key daily 5 USD hard stop (alert at 80 %).
Sample usage (v1.4.0): on the FIRST seeding only (no 'seed-acme-' event exists yet), 24 events a day for acme's key for
the 7 UTC days before the publish, deterministic (request id 'seed-acme-<yyyymmdd>-<hh>', tokens from the day and
hour), through the ingest internals usage.RecordUsageEventsAt with @Now at the end of each day, so the 2-day window
accepts them; then usage.RecomputeUsageDaily for each day. Before that, a daily partition boundary is SPLIT for each
of those days that lacks one, and only while the partition being split is empty (a SPLIT then moves no rows). A later
publish finds the events and adds nothing (and their request ids would be duplicates anyway). The sample usage does
not charge budgets (it is history, not traffic).

No GO in this file: the whole body must sit inside the one IF below (tested).
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

IF N'$(SeedDevData)' = N'true' AND N'$(Environment)' IN (N'dev', N'test')
BEGIN
    PRINT N'Development seed: acme / dev@example.com, globex / dev2@example.com';

    DECLARE @OrganizationId INT;
    DECLARE @UserId INT;
    DECLARE @ProviderId INT;
    DECLARE @ModelId INT;
    DECLARE @ApiKeyId INT;
    DECLARE @GlobexOrganizationId INT;
    DECLARE @GlobexUserId INT;
    DECLARE @GlobexApiKeyId INT;
    DECLARE @Today DATETIME2 (0);
    DECLARE @SeedDay DATETIME2 (0);
    DECLARE @SeedEvents [usage].[UsageEventList];
    DECLARE @SeedNow DATETIME2 (3);
    DECLARE @SeedDate DATE;

    BEGIN TRANSACTION;

    SELECT @OrganizationId = [o].[OrganizationId]
    FROM [tenancy].[Organization] AS [o]
    WHERE [o].[Slug] = 'acme' AND [o].[DeletedAt] IS NULL;

    IF @OrganizationId IS NULL
    BEGIN
        INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
        VALUES ('acme', N'Acme (development)');
        SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    END;

    SELECT @UserId = [u].[UserId]
    FROM [identity].[User] AS [u]
    WHERE [u].[Email] = N'dev@example.com' AND [u].[DeletedAt] IS NULL;

    IF @UserId IS NULL
    BEGIN
        INSERT INTO [identity].[User] ([Email], [DisplayName])
        VALUES (N'dev@example.com', N'Dev User');
        SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    END;

    IF NOT EXISTS (SELECT 1 FROM [identity].[UserCredential] AS [c] WHERE [c].[UserId] = @UserId)
        INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
        VALUES (@UserId, '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE');

    IF NOT EXISTS (SELECT 1 FROM [tenancy].[Membership] AS [m]
                   WHERE [m].[OrganizationId] = @OrganizationId AND [m].[UserId] = @UserId)
        INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
        VALUES (@OrganizationId, @UserId, 'owner');

    -- Providers come from ReferenceData/Providers.sql, which runs first.
    SELECT @ProviderId = [p].[ProviderId]
    FROM [catalog].[Provider] AS [p]
    WHERE [p].[Code] = 'openai';

    SELECT @ModelId = [md].[ModelId]
    FROM [catalog].[Model] AS [md]
    WHERE [md].[ProviderId] = @ProviderId AND [md].[Name] = 'gpt-4o-mini' AND [md].[DeletedAt] IS NULL;

    IF @ModelId IS NULL
    BEGIN
        INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
        VALUES (@ProviderId, 'gpt-4o-mini', N'GPT-4o mini', 128000, 16384, 'active');
        SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
    END;

    IF NOT EXISTS (SELECT 1 FROM [catalog].[ModelPrice] AS [mp]
                   WHERE [mp].[ModelId] = @ModelId AND [mp].[Currency] = 'USD'
                     AND [mp].[EffectiveFrom] = CAST('2024-07-18T00:00:00' AS DATETIME2 (3)))
        INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
        VALUES (@ModelId, 'USD', 0.150000, 0.600000, CAST('2024-07-18T00:00:00' AS DATETIME2 (3)));

    -- The prefix is unique over all rows, so it identifies the dev key even after a soft delete.
    IF NOT EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WHERE [k].[KeyPrefix] = 'pdb_dev_0001')
        INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
        VALUES (@OrganizationId, @UserId, N'Development key', 'pdb_dev_0001',
                0x29A6E0CE49F6F4A13454A8C395E6B34B40AA0E81D7CD8D18B7201D9025EF18FC,
                N'["chat:write","usage:read"]');

    IF NOT EXISTS (SELECT 1 FROM [billing].[Budget] AS [b]
                   WHERE [b].[OrganizationId] = @OrganizationId AND [b].[ScopeType] = 'organization'
                     AND [b].[Period] = 'monthly' AND [b].[DeletedAt] IS NULL)
        INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [Currency], [LimitAmount], [AlertThreshold], [HardStop])
        VALUES (@OrganizationId, 'organization', 'monthly', 'USD', 100.000000, 0.8000, 1);

    SELECT @ApiKeyId = [k].[ApiKeyId]
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[KeyPrefix] = 'pdb_dev_0001' AND [k].[OrganizationId] = @OrganizationId AND [k].[DeletedAt] IS NULL;

    IF @ApiKeyId IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM [billing].[Budget] AS [b]
                       WHERE [b].[OrganizationId] = @OrganizationId AND [b].[ScopeType] = 'apikey' AND [b].[ApiKeyId] = @ApiKeyId
                         AND [b].[Period] = 'monthly' AND [b].[DeletedAt] IS NULL)
        INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [ApiKeyId], [Period], [Currency], [LimitTokens], [AlertThreshold], [HardStop])
        VALUES (@OrganizationId, 'apikey', @ApiKeyId, 'monthly', 'USD', 50000000, 0.9000, 0);

    -- v1.4.0: a second organization, so that tenant isolation can be tried by hand and by 'platformdb smoke'.
    SELECT @GlobexOrganizationId = [o].[OrganizationId]
    FROM [tenancy].[Organization] AS [o]
    WHERE [o].[Slug] = 'globex' AND [o].[DeletedAt] IS NULL;

    IF @GlobexOrganizationId IS NULL
    BEGIN
        INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
        VALUES ('globex', N'Globex (development)');
        SET @GlobexOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    END;

    SELECT @GlobexUserId = [u].[UserId]
    FROM [identity].[User] AS [u]
    WHERE [u].[Email] = N'dev2@example.com' AND [u].[DeletedAt] IS NULL;

    IF @GlobexUserId IS NULL
    BEGIN
        INSERT INTO [identity].[User] ([Email], [DisplayName])
        VALUES (N'dev2@example.com', N'Dev User 2');
        SET @GlobexUserId = CAST(SCOPE_IDENTITY() AS INT);
    END;

    IF NOT EXISTS (SELECT 1 FROM [identity].[UserCredential] AS [c] WHERE [c].[UserId] = @GlobexUserId)
        INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
        VALUES (@GlobexUserId, '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE');

    IF NOT EXISTS (SELECT 1 FROM [tenancy].[Membership] AS [m]
                   WHERE [m].[OrganizationId] = @GlobexOrganizationId AND [m].[UserId] = @GlobexUserId)
        INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
        VALUES (@GlobexOrganizationId, @GlobexUserId, 'owner');

    IF NOT EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WHERE [k].[KeyPrefix] = 'pdb_dev_0002')
        INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
        VALUES (@GlobexOrganizationId, @GlobexUserId, N'Development key', 'pdb_dev_0002',
                0x01EBA514D0CBF3EF16BDA5DC5A104540A07C73E38558430B44E89AAE75F0C5E2,
                N'["chat:write","usage:read"]');

    SELECT @GlobexApiKeyId = [k].[ApiKeyId]
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[KeyPrefix] = 'pdb_dev_0002' AND [k].[OrganizationId] = @GlobexOrganizationId AND [k].[DeletedAt] IS NULL;

    IF NOT EXISTS (SELECT 1 FROM [billing].[Budget] AS [b]
                   WHERE [b].[OrganizationId] = @GlobexOrganizationId AND [b].[ScopeType] = 'organization'
                     AND [b].[Period] = 'monthly' AND [b].[DeletedAt] IS NULL)
        INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [Currency], [LimitAmount], [AlertThreshold], [HardStop])
        VALUES (@GlobexOrganizationId, 'organization', 'monthly', 'USD', 50.000000, 0.8000, 1);

    IF @GlobexApiKeyId IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM [billing].[Budget] AS [b]
                       WHERE [b].[OrganizationId] = @GlobexOrganizationId AND [b].[ScopeType] = 'apikey' AND [b].[ApiKeyId] = @GlobexApiKeyId
                         AND [b].[Period] = 'daily' AND [b].[DeletedAt] IS NULL)
        INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [ApiKeyId], [Period], [Currency], [LimitAmount], [AlertThreshold], [HardStop])
        VALUES (@GlobexOrganizationId, 'apikey', @GlobexApiKeyId, 'daily', 'USD', 5.000000, 0.8000, 1);

    COMMIT TRANSACTION;

    -- Sample usage for acme: first seeding only (see the header). Partition DDL and the ingest run outside the seed's
    -- transaction: usage.RecordUsageEventsAt and usage.RecomputeUsageDaily run their own.
    IF @ApiKeyId IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM [usage].[UsageEvent] AS [e]
                       WHERE [e].[OrganizationId] = @OrganizationId AND [e].[RequestId] LIKE 'seed-acme-%')
    BEGIN
        PRINT N'Development seed: sample usage for acme (7 days)';
        SET @Today = CONVERT (DATETIME2 (0), CONVERT (DATE, SYSUTCDATETIME()));

        -- A boundary at @SeedDay exists when the second before it lies in another partition (RANGE RIGHT). Split only a
        -- partition that holds no row in either table on the scheme (the indexed views hold only rows of those tables).
        SET @SeedDay = DATEADD(DAY, -7, @Today);
        WHILE @SeedDay <= @Today
        BEGIN
            IF $PARTITION.[PF_UsageDay](@SeedDay) = $PARTITION.[PF_UsageDay](DATEADD(SECOND, -1, @SeedDay))
               AND NOT EXISTS (SELECT 1 FROM [usage].[UsageEvent] AS [e]
                               WHERE $PARTITION.[PF_UsageDay]([e].[HourBucket]) = $PARTITION.[PF_UsageDay](@SeedDay))
               AND NOT EXISTS (SELECT 1 FROM [usage].[UsageEventPurge] AS [p]
                               WHERE $PARTITION.[PF_UsageDay]([p].[HourBucket]) = $PARTITION.[PF_UsageDay](@SeedDay))
            BEGIN
                ALTER PARTITION SCHEME [PS_UsageDay] NEXT USED [PRIMARY];
                ALTER PARTITION FUNCTION [PF_UsageDay] () SPLIT RANGE (@SeedDay);
            END;
            SET @SeedDay = DATEADD(DAY, 1, @SeedDay);
        END;

        SET @SeedDay = DATEADD(DAY, -7, @Today);
        WHILE @SeedDay < @Today
        BEGIN
            DELETE FROM @SeedEvents;
            -- 24 events, one in each hour; the numbers depend only on the day of the month and the hour.
            INSERT INTO @SeedEvents ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens],
                                     [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
            SELECT [h].[Hour] + 1,
                   CONCAT('seed-acme-', CONVERT (CHAR (8), @SeedDay, 112), '-', RIGHT(CONCAT('0', [h].[Hour]), 2)),
                   @ApiKeyId,
                   @UserId,
                   @ModelId,
                   DATEADD(MINUTE, 7 + [h].[Hour], DATEADD(HOUR, [h].[Hour], CONVERT (DATETIME2 (3), @SeedDay))),
                   400 + 37 * [h].[Hour] + 11 * DAY(@SeedDay),
                   150 + 13 * [h].[Hour] + 5 * DAY(@SeedDay),
                   CASE WHEN [h].[Hour] % 3 = 0 THEN 128 ELSE 0 END,
                   350 + 25 * [h].[Hour],
                   120 + 5 * [h].[Hour],
                   CASE WHEN [h].[Hour] % 12 = 5 THEN 429 ELSE 200 END,
                   CASE WHEN [h].[Hour] % 12 = 5 THEN 'rate_limit' END,
                   N'{"source":"dev-seed"}'
            FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11),
                         (12), (13), (14), (15), (16), (17), (18), (19), (20), (21), (22), (23)) AS [h] ([Hour]);

            SET @SeedNow = DATEADD(MINUTE, -1, CONVERT (DATETIME2 (3), DATEADD(DAY, 1, @SeedDay)));
            EXECUTE [usage].[RecordUsageEventsAt]
                @OrganizationId = @OrganizationId,
                @Events = @SeedEvents,
                @Now = @SeedNow,
                @RejectInvalid = 0,
                @ReportInserted = 0;

            SET @SeedDate = CONVERT (DATE, @SeedDay);
            EXECUTE [usage].[RecomputeUsageDaily] @Day = @SeedDate;

            SET @SeedDay = DATEADD(DAY, 1, @SeedDay);
        END;
    END;
END
ELSE IF N'$(SeedDevData)' = N'true'
    PRINT N'Development seed refused: SeedDevData is true but Environment is ''$(Environment)''; it only runs in dev or test.';
