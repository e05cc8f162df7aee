/*
identity.RotateApiKey: the new key takes the old key's name, scopes and live key budgets (same BudgetId), the old key
is renamed, expires after the grace period and points at its replacement; a second rotation of the same key is
refused with 50110 and leaves the budgets on the replacement (v1.4.1). Plain EXECUTE throughout (see CreateApiKeyTests).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'RotateApiKeyTests';
GO

CREATE PROCEDURE [RotateApiKeyTests].[test rotation creates a key with the old name and scopes and renames the old key]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @NewApiKeyId INT, @OldPrefix VARCHAR (16);
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Name = N'Gateway', @Scopes = N'["usage:write"]';
    -- Read before the rotation, so a rotation that rewrote the old key's prefix would be caught.
    SELECT @OldPrefix = [KeyPrefix] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = 60;
    SELECT @NewApiKeyId = [ApiKeyId] FROM [identity].[ApiKey] WHERE [KeyPrefix] = @Prefix;

    SELECT [ApiKeyId], [Name], [KeyPrefix], [Scopes], [ReplacedByApiKeyId]
    INTO [#Actual]
    FROM [identity].[ApiKey]
    WHERE [ApiKeyId] IN (@ApiKeyId, @NewApiKeyId);
    CREATE TABLE [#Expected] ([ApiKeyId] INT, [Name] NVARCHAR (100), [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000), [ReplacedByApiKeyId] INT);
    INSERT INTO [#Expected]
    VALUES (@ApiKeyId, CONCAT(N'Gateway (rotated ', @ApiKeyId, N')'), @OldPrefix, N'["usage:write"]', @NewApiKeyId),
           (@NewApiKeyId, N'Gateway', @Prefix, N'["usage:write"]', NULL);

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test the old key expires after the grace period]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ExpiresAt DATETIME2 (3);
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    DECLARE @Before DATETIME2 (3) = DATEADD(MILLISECOND, -5, DATEADD(MINUTE, 30, SYSUTCDATETIME()));
    DECLARE @After DATETIME2 (3);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = 30;
    SET @After = DATEADD(MILLISECOND, 5, DATEADD(MINUTE, 30, SYSUTCDATETIME()));

    SELECT @ExpiresAt = [ExpiresAt] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    IF @ExpiresAt IS NULL OR @ExpiresAt NOT BETWEEN @Before AND @After
        EXECUTE tSQLt.Fail N'The old key must expire 30 minutes after the rotation, at the server''s clock.';
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test rotation moves the live key budgets to the new key with the same BudgetId]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @NewApiKeyId INT, @BudgetId INT, @BudgetKey INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT,
        @ScopeType = 'apikey', @ApiKeyId = @ApiKeyId, @LimitTokens = 1000000;

    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
    SELECT @NewApiKeyId = [ApiKeyId] FROM [identity].[ApiKey] WHERE [KeyPrefix] = @Prefix;

    SELECT @BudgetKey = [ApiKeyId] FROM [billing].[Budget] WHERE [BudgetId] = @BudgetId;
    EXECUTE tSQLt.AssertEquals @Expected = @NewApiKeyId, @Actual = @BudgetKey;
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test a second rotation of the same key is refused with 50110 and keeps the budgets on the replacement]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @NewApiKeyId INT, @BudgetId INT, @BudgetKey INT;
    DECLARE @ErrorNumber INT, @Keys INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Token2 VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    DECLARE @Prefix2 VARCHAR (16) = CONCAT('rk', LEFT(@Token2, 14));
    DECLARE @Hash2 VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token2));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT,
        @ScopeType = 'apikey', @ApiKeyId = @ApiKeyId, @LimitAmount = 25.000000;

    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
    SELECT @NewApiKeyId = [ApiKeyId] FROM [identity].[ApiKey] WHERE [KeyPrefix] = @Prefix;

    -- TRY/CATCH instead of ExpectException: the state after the refusal is asserted too. The refusal rolls back to
    -- the procedure's savepoint and leaves the test transaction open (XACT_ABORT OFF before THROW).
    BEGIN TRY
        EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
            @NewKeyPrefix = @Prefix2, @NewKeyHash = @Hash2;
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;

    EXECUTE tSQLt.AssertEquals @Expected = 50110, @Actual = @ErrorNumber, @Message = N'second rotation';
    SELECT @BudgetKey = [ApiKeyId] FROM [billing].[Budget] WHERE [BudgetId] = @BudgetId;
    EXECUTE tSQLt.AssertEquals @Expected = @NewApiKeyId, @Actual = @BudgetKey, @Message = N'budget stays on the replacement';
    SELECT @Keys = COUNT(*) FROM [identity].[ApiKey] WHERE [OrganizationId] = @OrganizationId;
    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @Keys, @Message = N'no third key';
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test a revoked key cannot be rotated]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;
    UPDATE [identity].[ApiKey] SET [RevokedAt] = SYSUTCDATETIME(), [RevokedByUserId] = @OwnerUserId WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50110, @ExpectedMessagePattern = N'%revoked or expired%';
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test a key of another organization is refused like a missing one with 50104]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT, @OtherApiKeyId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash;
END;
GO

CREATE PROCEDURE [RotateApiKeyTests].[test a grace period above a week is refused with 50111]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @Token VARCHAR (32) = [TestData].[UniqueToken](NEWID());
    DECLARE @Prefix VARCHAR (16) = CONCAT('rk', LEFT(@Token, 14));
    DECLARE @Hash VARBINARY (32) = CONVERT (VARBINARY (32), HASHBYTES('SHA2_256', @Token));
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50111;
    EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId,
        @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = 10081;
END;
GO
