/*
billing.ConsumeBudget (server clock) and billing.ConsumeBudgetAt (clock as a parameter): the period a consumption
lands in, the hard stop (50202), the alert threshold, refusals 50201/50203, and the savepoint contract: a refusal
inside a caller's transaction undoes only the procedure's own work and leaves the caller's transaction open with its
earlier rows. tSQLt itself runs every test inside a transaction (and a savepoint of its own), so each call here is
"inside a caller's transaction": @@TRANCOUNT > 0 on entry, the procedure takes its SAVE TRANSACTION path.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'ConsumeBudgetTests';
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test ConsumeBudget passes the server clock to ConsumeBudgetAt]
AS
BEGIN
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT, @Calls INT;
    DECLARE @Before DATETIME2 (3) = DATEADD(MILLISECOND, -5, SYSUTCDATETIME());
    DECLARE @After DATETIME2 (3);
    -- The spy records each call's arguments into a temp table of this test (visible to the spy procedure it runs in).
    CREATE TABLE [#SpiedCalls] ([OrganizationId] INT, [BudgetId] INT, [Amount] DECIMAL (19, 6), [Tokens] BIGINT, [OccurredAt] DATETIME2 (3));
    EXECUTE tSQLt.SpyProcedure @ProcedureName = N'[billing].[ConsumeBudgetAt]',
        @CommandToExecute = N'INSERT INTO #SpiedCalls ([OrganizationId], [BudgetId], [Amount], [Tokens], [OccurredAt]) VALUES (@OrganizationId, @BudgetId, @Amount, @Tokens, @OccurredAt);';

    EXECUTE [billing].[ConsumeBudget] @OrganizationId = 17, @BudgetId = 42, @Amount = 1.5, @Tokens = 10,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    SET @After = DATEADD(MILLISECOND, 5, SYSUTCDATETIME());

    SELECT @Calls = COUNT(*)
    FROM [#SpiedCalls] AS [l]
    WHERE [l].[OrganizationId] = 17 AND [l].[BudgetId] = 42 AND [l].[Amount] = 1.5 AND [l].[Tokens] = 10
      AND [l].[OccurredAt] BETWEEN @Before AND @After;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Calls;
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a consumption adds to the period row and reports what remains]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT,
        @Period = 'monthly', @LimitAmount = 10.000000, @LimitTokens = 1000;

    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 2.5, @Tokens = 100,
        @OccurredAt = '2026-03-18T10:00:00',
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 1.0, @Tokens = 50,
        @OccurredAt = '2026-03-20T10:00:00',
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;

    SELECT [BudgetId], [PeriodStart], [SpentAmount], [SpentTokens] INTO [#Actual] FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@BudgetId, '2026-03-01', 3.5, 150);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
    EXECUTE tSQLt.AssertEquals @Expected = 6.5, @Actual = @RemainingAmount, @Message = N'remaining amount';
    EXECUTE tSQLt.AssertEquals @Expected = 850, @Actual = @RemainingTokens, @Message = N'remaining tokens';
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test daily weekly monthly and lifetime budgets start their periods correctly]
AS
BEGIN
    DECLARE @OrganizationId INT, @Daily INT, @Weekly INT, @Monthly INT, @Lifetime INT, @CreatedDay DATE;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @Daily OUTPUT, @Period = 'daily', @LimitTokens = 1000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @Weekly OUTPUT, @Period = 'weekly', @LimitTokens = 1000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @Monthly OUTPUT, @Period = 'monthly', @LimitTokens = 1000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @Lifetime OUTPUT, @Period = 'lifetime', @LimitTokens = 1000;
    SELECT @CreatedDay = CAST([CreatedAt] AS DATE) FROM [billing].[Budget] WHERE [BudgetId] = @Lifetime;

    -- 2026-03-18 is a Wednesday: its ISO week starts on Monday 2026-03-16.
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @Daily, @Amount = NULL, @Tokens = 1,
        @OccurredAt = '2026-03-18T23:59:59.999', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @Weekly, @Amount = NULL, @Tokens = 1,
        @OccurredAt = '2026-03-18T10:00:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @Monthly, @Amount = NULL, @Tokens = 1,
        @OccurredAt = '2026-03-18T10:00:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @Lifetime, @Amount = NULL, @Tokens = 1,
        @OccurredAt = '2026-03-18T10:00:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;

    SELECT [BudgetId], [PeriodStart] INTO [#Actual] FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] IN (@Daily, @Weekly, @Monthly, @Lifetime);
    CREATE TABLE [#Expected] ([BudgetId] INT, [PeriodStart] DATE);
    INSERT INTO [#Expected] VALUES (@Daily, '2026-03-18'), (@Weekly, '2026-03-16'), (@Monthly, '2026-03-01'), (@Lifetime, @CreatedDay);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a consumption beyond a hard limit is refused with 50202]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 5.000000;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50202, @ExpectedMessagePattern = N'%nothing was recorded%';
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 5.000001, @Tokens = 0,
        @OccurredAt = '2026-03-18T10:00:00',
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a refusal inside a caller's transaction keeps the caller's rows and leaves the transaction open]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT, @ErrorNumber INT, @TranCountBefore INT, @TranCountAfter INT, @XactState INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT, @CallerRows INT, @Spent DECIMAL (19, 6);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @Period = 'daily', @LimitAmount = 5.000000;

    -- The caller's own work in its (here: tSQLt's) transaction, before the refused call.
    CREATE TABLE [#CallerWork] ([Note] NVARCHAR (50) NOT NULL);
    INSERT INTO [#CallerWork] ([Note]) VALUES (N'written before the refusal');
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 4.0, @Tokens = 0,
        @OccurredAt = '2026-03-18T10:00:00',
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    UPDATE [billing].[Budget] SET [AlertThreshold] = 0.5000 WHERE [BudgetId] = @BudgetId;
    SET @TranCountBefore = @@TRANCOUNT;

    BEGIN TRY
        -- A new day's period row would be inserted by the procedure first, then refused and rolled back to its savepoint.
        EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 6.0, @Tokens = 0,
            @OccurredAt = '2026-03-19T10:00:00',
            @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;
    SET @TranCountAfter = @@TRANCOUNT;
    SET @XactState = XACT_STATE();

    EXECUTE tSQLt.AssertEquals @Expected = 50202, @Actual = @ErrorNumber, @Message = N'refused';
    EXECUTE tSQLt.AssertEquals @Expected = @TranCountBefore, @Actual = @TranCountAfter, @Message = N'transaction still open';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @XactState, @Message = N'transaction still committable';
    SELECT @CallerRows = COUNT(*) FROM [#CallerWork];
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @CallerRows, @Message = N'caller row kept';
    SELECT @Spent = SUM([SpentAmount]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;
    EXECUTE tSQLt.AssertEquals @Expected = 4.0, @Actual = @Spent, @Message = N'the earlier consumption stays, the refused one left nothing';
    SELECT @CallerRows = COUNT(*) FROM [billing].[Budget] WHERE [BudgetId] = @BudgetId AND [AlertThreshold] = 0.5000;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @CallerRows, @Message = N'the caller''s update before the call stays';
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a soft budget may be overspent and reports a negative remainder]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 1.000000, @HardStop = 0;

    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 1.25, @Tokens = 0,
        @OccurredAt = '2026-03-18T10:00:00',
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;

    EXECUTE tSQLt.AssertEquals @Expected = -0.25, @Actual = @RemainingAmount;
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test the alert is raised once when the threshold is first crossed]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT, @FirstAlert BIT, @SecondAlert BIT, @ThirdAlert BIT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitTokens = 100, @AlertThreshold = 0.8000;

    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 0, @Tokens = 79,
        @OccurredAt = '2026-03-18T10:00:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @FirstAlert OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 0, @Tokens = 1,
        @OccurredAt = '2026-03-18T10:01:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @SecondAlert OUTPUT;
    EXECUTE [billing].[ConsumeBudgetAt] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 0, @Tokens = 1,
        @OccurredAt = '2026-03-18T10:02:00', @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @ThirdAlert OUTPUT;

    SELECT CAST(@FirstAlert AS INT) AS [First], CAST(@SecondAlert AS INT) AS [Second], CAST(@ThirdAlert AS INT) AS [Third] INTO [#Actual];
    SELECT 0 AS [First], 1 AS [Second], 0 AS [Third] INTO [#Expected];
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a budget of another organization is refused like a missing one with 50201]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @OtherBudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OtherOrganizationId, @BudgetId = @OtherBudgetId OUTPUT, @LimitAmount = 100.000000;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50201;
    EXECUTE [billing].[ConsumeBudget] @OrganizationId = @OrganizationId, @BudgetId = @OtherBudgetId, @Amount = 1.0, @Tokens = 0,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test a consumption of nothing is refused with 50203]
AS
BEGIN
    DECLARE @OrganizationId INT, @BudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 100.000000;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50203;
    EXECUTE [billing].[ConsumeBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 0, @Tokens = NULL,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
END;
GO

CREATE PROCEDURE [ConsumeBudgetTests].[test the budget state shows the current period of the organization's live budgets only]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @BudgetId INT, @DeletedBudgetId INT, @OtherBudgetId INT;
    DECLARE @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    DECLARE @ReadFrom DATE, @ReadTo DATE, @MonthStart DATE, @ChargedPeriod DATE;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId OUTPUT, @LimitAmount = 20.000000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OrganizationId, @BudgetId = @DeletedBudgetId OUTPUT, @Period = 'daily', @LimitAmount = 20.000000;
    EXECUTE [TestData].[NewBudget] @OrganizationId = @OtherOrganizationId, @BudgetId = @OtherBudgetId OUTPUT, @LimitAmount = 20.000000;
    UPDATE [billing].[Budget] SET [DeletedAt] = SYSUTCDATETIME() WHERE [BudgetId] = @DeletedBudgetId;
    EXECUTE [billing].[ConsumeBudget] @OrganizationId = @OrganizationId, @BudgetId = @BudgetId, @Amount = 2.0, @Tokens = 30,
        @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    -- The month the consumption landed in (both procedures read the server clock themselves).
    SELECT @ChargedPeriod = [PeriodStart] FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;

    CREATE TABLE [#State] ([BudgetId] INT, [ScopeType] VARCHAR (12), [UserId] INT, [ApiKeyId] INT, [Period] VARCHAR (10),
                           [PeriodStart] DATE, [LimitAmount] DECIMAL (19, 6), [LimitTokens] BIGINT, [SpentAmount] DECIMAL (19, 6),
                           [SpentTokens] BIGINT, [HardStop] BIT);
    -- Read again if a UTC month boundary fell during the read, so @MonthStart is the month GetBudgetState saw.
    WHILE 1 = 1
    BEGIN
        SET @ReadFrom = CAST(SYSUTCDATETIME() AS DATE);
        DELETE FROM [#State];
        INSERT INTO [#State] EXECUTE [billing].[GetBudgetState] @OrganizationId = @OrganizationId;
        SET @ReadTo = CAST(SYSUTCDATETIME() AS DATE);
        IF DATEFROMPARTS(YEAR(@ReadFrom), MONTH(@ReadFrom), 1) = DATEFROMPARTS(YEAR(@ReadTo), MONTH(@ReadTo), 1)
            BREAK;
    END;
    SET @MonthStart = DATEFROMPARTS(YEAR(@ReadTo), MONTH(@ReadTo), 1);

    SELECT [BudgetId], [PeriodStart], [SpentAmount], [SpentTokens] INTO [#Actual] FROM [#State];
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    -- A new month between the consumption and the read (a run at midnight UTC on the 1st) leaves the current period empty.
    INSERT INTO [#Expected]
    VALUES (@BudgetId, @MonthStart,
            CASE WHEN @ChargedPeriod = @MonthStart THEN 2.0 ELSE 0 END,
            CASE WHEN @ChargedPeriod = @MonthStart THEN 30 ELSE 0 END);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
