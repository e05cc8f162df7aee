/*
The rollups: the indexed view usage.UsageHourly (maintained by SQL Server on every insert into usage.UsageEvent),
the daily recompute usage.RecomputeUsageDailyAt (idempotent; a day is final from day + 3 days + 1 hour; a purged day
is refused, 50310) and the trend functions usage.GetUsageHourly / usage.GetUsageDaily, which never show another
organization's usage. Real usage.UsageEvent rows inside the test transaction (it cannot be faked, see
UsageIngestTests); every assertion filters on the test's own organizations. usage.UsageDaily and
usage.UsageDayStatus are real too: RecomputeUsageDailyAt rewrites a whole day for all organizations, and the day used
here (2026-03-18) holds no other test's or seed's rows once the test transaction is rolled back.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'UsageRollupTests';
GO

CREATE PROCEDURE [UsageRollupTests].[test the hourly view equals a recomputation from the raw rows]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    SELECT [h].[OrganizationId], [h].[ModelId], [h].[HourBucket], [h].[Shard], [h].[RequestCount], [h].[PromptTokens],
           [h].[CompletionTokens], [h].[CachedTokens], [h].[ErrorCount], [h].[LatencyMsSum], [h].[TimeToFirstTokenMsSum],
           [h].[TimeToFirstTokenCount], [h].[CostAmount]
    INTO [#Actual]
    FROM [usage].[UsageHourly] AS [h] WITH (NOEXPAND)
    WHERE [h].[OrganizationId] IN (@OrganizationId, @OtherOrganizationId);

    SELECT [e].[OrganizationId], [e].[ModelId], [e].[HourBucket], [e].[Shard],
           COUNT_BIG(*) AS [RequestCount],
           SUM(CONVERT (BIGINT, [e].[PromptTokens])) AS [PromptTokens],
           SUM(CONVERT (BIGINT, [e].[CompletionTokens])) AS [CompletionTokens],
           SUM(CONVERT (BIGINT, [e].[CachedTokens])) AS [CachedTokens],
           SUM(CASE WHEN [e].[StatusCode] >= 400 THEN CONVERT (BIGINT, 1) ELSE 0 END) AS [ErrorCount],
           SUM(CONVERT (BIGINT, [e].[LatencyMs])) AS [LatencyMsSum],
           SUM(CONVERT (BIGINT, COALESCE([e].[TimeToFirstTokenMs], 0))) AS [TimeToFirstTokenMsSum],
           SUM(CASE WHEN [e].[TimeToFirstTokenMs] IS NULL THEN CONVERT (BIGINT, 0) ELSE 1 END) AS [TimeToFirstTokenCount],
           SUM([e].[CostAmount]) AS [CostAmount]
    INTO [#Expected]
    FROM [usage].[UsageEvent] AS [e]
    WHERE [e].[OrganizationId] IN (@OrganizationId, @OtherOrganizationId)
    GROUP BY [e].[OrganizationId], [e].[ModelId], [e].[HourBucket], [e].[Shard];

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test the daily recompute writes the day's totals per organization and model]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-19T00:00:00';

    SELECT [ModelId], [RequestCount], [PromptTokens], [CompletionTokens], [ErrorCount], [LatencyMsSum],
           [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount]
    INTO [#Actual]
    FROM [usage].[UsageDaily]
    WHERE [OrganizationId] = @OrganizationId AND [UsageDay] = '2026-03-18';
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    -- Model 1: a1 + a2 + a3; cost (600 * 1 + 60 * 2) / 1e6. Model 2: a4; cost (400 * 3 + 40 * 4) / 1e6.
    INSERT INTO [#Expected] VALUES (@ModelId, 3, 600, 60, 1, 900, 120, 2, 0.00072),
                                   (@OtherModelId, 1, 400, 40, 0, 500, 90, 1, 0.00136);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test recomputing a day twice gives the same daily rows]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-19T00:00:00';
    SELECT [OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount],
           [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [Currency]
    INTO [#Expected]
    FROM [usage].[UsageDaily]
    WHERE [OrganizationId] IN (@OrganizationId, @OtherOrganizationId);

    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-19T01:00:00';
    SELECT [OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens], [ErrorCount],
           [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [Currency]
    INTO [#Actual]
    FROM [usage].[UsageDaily]
    WHERE [OrganizationId] IN (@OrganizationId, @OtherOrganizationId);

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test a day becomes final one hour after its late-arrival window closes and stays final]
AS
BEGIN
    DECLARE @Before BIT, @At BIT, @Later BIT;

    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-21T00:59:59.999';
    SELECT @Before = [IsFinal] FROM [usage].[UsageDayStatus] WHERE [UsageDay] = '2026-03-18';
    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-21T01:00:00';
    SELECT @At = [IsFinal] FROM [usage].[UsageDayStatus] WHERE [UsageDay] = '2026-03-18';
    -- An earlier clock afterwards (a re-run from a lagging job) does not make the day open again.
    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-03-19T00:00:00';
    SELECT @Later = [IsFinal] FROM [usage].[UsageDayStatus] WHERE [UsageDay] = '2026-03-18';

    SELECT CAST(@Before AS INT) AS [Before], CAST(@At AS INT) AS [At], CAST(@Later AS INT) AS [Later] INTO [#Actual];
    SELECT 0 AS [Before], 1 AS [At], 1 AS [Later] INTO [#Expected];
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test recomputing a day whose raw rows are purged is refused with 50310]
AS
BEGIN
    -- Days before PF_UsageDay's first boundary lie in partition 1: purged (or never stored).
    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50310;
    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2019-12-31', @Now = '2026-03-18T00:00:00';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test a final day keeps its daily totals after its raw rows are gone]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;
    -- Step 1 of usage.PurgeUsagePartitionsAt: the expired day is made final from the hourly rollup.
    EXECUTE [usage].[RecomputeUsageDailyAt] @Day = '2026-03-18', @Now = '2026-06-20T00:00:00';
    /*
    Steps 2-4 (SWITCH PARTITION, DELETE of the purge table, MERGE RANGE) cannot run here: the procedure refuses any
    open transaction (50308, see UsagePartitionTests) and tSQLt runs every test inside one. Their effect on this
    organization, the raw rows and their hourly view rows disappearing, is reproduced with a DELETE (allowed on a
    table under an indexed view; TRUNCATE is not, TRUNCATE TABLE docs), rolled back with the test.
    */
    DELETE FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;

    SELECT [UsageDay], [ModelId], [RequestCount], [PromptTokens], [CostAmount]
    INTO [#Actual]
    FROM [usage].[GetUsageDaily](@OrganizationId, '2026-03-18', '2026-03-19', NULL, NULL);
    CREATE TABLE [#Expected] ([UsageDay] DATE, [ModelId] INT, [RequestCount] BIGINT, [PromptTokens] BIGINT, [CostAmount] DECIMAL (38, 6));
    INSERT INTO [#Expected] VALUES ('2026-03-18', @ModelId, 3, 600, 0.00072), ('2026-03-18', @OtherModelId, 1, 400, 0.00136);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test hourly usage never shows another organization]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    SELECT [BucketStart], [ModelId], [RequestCount], [PromptTokens], [ErrorCount]
    INTO [#Actual]
    FROM [usage].[GetUsageHourly](@OrganizationId, '2026-03-18T00:00:00', '2026-03-19T00:00:00', NULL, NULL);
    CREATE TABLE [#Expected] ([BucketStart] DATETIME2 (0), [ModelId] INT, [RequestCount] BIGINT, [PromptTokens] BIGINT, [ErrorCount] BIGINT);
    -- b1 (the other organization, 10:10, the same model) is not in the 10:00 bucket.
    INSERT INTO [#Expected] VALUES ('2026-03-18T10:00:00', @ModelId, 2, 300, 1),
                                   ('2026-03-18T11:00:00', @ModelId, 1, 300, 0),
                                   ('2026-03-18T11:00:00', @OtherModelId, 1, 400, 0);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test daily usage never shows another organization]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    -- Not final: summed from the hourly view.
    SELECT [UsageDay], [ModelId], [RequestCount], [PromptTokens]
    INTO [#Actual]
    FROM [usage].[GetUsageDaily](@OtherOrganizationId, '2026-03-18', '2026-03-19', NULL, NULL);
    CREATE TABLE [#Expected] ([UsageDay] DATE, [ModelId] INT, [RequestCount] BIGINT, [PromptTokens] BIGINT);
    INSERT INTO [#Expected] VALUES ('2026-03-18', @ModelId, 1, 5000);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [UsageRollupTests].[test hourly usage filtered by a key of another organization is empty]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @ApiKeyId INT, @ModelId INT, @OtherModelId INT;
    EXECUTE [TestData].[RecordSampleUsageDay] @OrganizationId = @OrganizationId OUTPUT, @OtherOrganizationId = @OtherOrganizationId OUTPUT,
        @ApiKeyId = @ApiKeyId OUTPUT, @ModelId = @ModelId OUTPUT, @OtherModelId = @OtherModelId OUTPUT;

    -- The raw-row path (@ApiKeyId given): the other organization asking for this organization's key sees nothing.
    SELECT [BucketStart], [ModelId], [RequestCount]
    INTO [#Actual]
    FROM [usage].[GetUsageHourly](@OtherOrganizationId, '2026-03-18T00:00:00', '2026-03-19T00:00:00', NULL, @ApiKeyId);
    EXECUTE tSQLt.AssertEmptyTable @TableName = N'#Actual';

    -- Control: the same path for the key's own organization returns its rows, so the empty result above is the
    -- tenant scope at work, not a raw path that returns nothing at all.
    SELECT [BucketStart], [ModelId], [RequestCount]
    INTO [#OwnActual]
    FROM [usage].[GetUsageHourly](@OrganizationId, '2026-03-18T00:00:00', '2026-03-19T00:00:00', NULL, @ApiKeyId);
    CREATE TABLE [#OwnExpected] ([BucketStart] DATETIME2 (0), [ModelId] INT, [RequestCount] BIGINT);
    INSERT INTO [#OwnExpected] VALUES ('2026-03-18T10:00:00', @ModelId, 2),
                                      ('2026-03-18T11:00:00', @ModelId, 1),
                                      ('2026-03-18T11:00:00', @OtherModelId, 1);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#OwnExpected', @Actual = N'#OwnActual';
END;
GO
