/*
Development seed. Runs only when the SQLCMD variable SeedDevData is 'true' AND Environment is 'dev' or 'test': the
credentials below work, so one mistyped variable must not put them into any other environment. With SeedDevData
'true' elsewhere it PRINTs that it refused and does nothing (the publish itself does not fail).
Idempotent: every row is looked up by its natural key first, so it is safe on every publish.

DEVELOPMENT-ONLY CREDENTIALS, PUBLIC ON PURPOSE (they are in the repository; never reuse them anywhere):
  user     dev@example.com
  password PlatformDb-dev-only-2024!
  API key  pdb_dev_0001_uFWEZNucJXkrTaXKr1Zp89jC4EUejftm
The password is stored as a PBKDF2-HMAC-SHA256 PHC string (600000 iterations, 16-byte random salt); the API key
as the SHA-256 of its UTF-8 bytes, exactly as the application stores real ones.

No GO in this file: the whole body must sit inside the one IF below (tested).
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

IF N'$(SeedDevData)' = N'true' AND N'$(Environment)' IN (N'dev', N'test')
BEGIN
    PRINT N'Development seed: acme / dev@example.com';

    DECLARE @OrganizationId INT;
    DECLARE @UserId INT;
    DECLARE @ProviderId INT;
    DECLARE @ModelId INT;
    DECLARE @ApiKeyId INT;

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

    COMMIT TRANSACTION;
END
ELSE IF N'$(SeedDevData)' = N'true'
    PRINT N'Development seed refused: SeedDevData is true but Environment is ''$(Environment)''; it only runs in dev or test.';
