/*
The development seed (PostDeploy/DevSeed/DevSeed.sql) is idempotent: a second run adds no row anywhere.
TestData.RunDevSeed is NOT created in PlatformDb.Tests/tSQLt/Support: the harness creates it from the seed script
(with its SQLCMD variables set so that the seed runs, SeedDevData 'true' and Environment 'test') before the classes.
The first run may insert (a database published without the seed) or find everything (published with it); either way
the second run must leave every count as the first left it.
On a database published without the seed, the first run also SPLITs daily boundaries of PF_UsageDay for its sample
week (only empty partitions) inside the test's transaction: ALTER PARTITION FUNCTION is not among the statements
refused in an explicit transaction (learn.microsoft.com, "Transact-SQL statements allowed in transactions": only
ALTER/CREATE/DROP DATABASE, BACKUP, RESTORE, RECONFIGURE, full-text DDL and UPDATE STATISTICS are listed), so the test's
rollback takes the boundaries back with the rows. The seed's BEGIN/COMMIT TRANSACTION nest inside tSQLt's transaction
(the COMMIT only decrements @@TRANCOUNT); usage.RecordUsageEventsAt and usage.RecomputeUsageDaily take savepoints.
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'DevSeedTests';
GO

CREATE PROCEDURE [DevSeedTests].[test running the seed a second time adds no rows to any table]
AS
BEGIN
    CREATE TABLE [#Expected] ([TableName] NVARCHAR (128), [RowCount] BIGINT);
    CREATE TABLE [#Actual] ([TableName] NVARCHAR (128), [RowCount] BIGINT);

    EXECUTE [TestData].[RunDevSeed];
    INSERT INTO [#Expected] ([TableName], [RowCount]) EXECUTE [TestData].[SeededRowCounts];

    EXECUTE [TestData].[RunDevSeed];
    INSERT INTO [#Actual] ([TableName], [RowCount]) EXECUTE [TestData].[SeededRowCounts];

    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [DevSeedTests].[test the seeded organizations each have one live owner]
AS
BEGIN
    EXECUTE [TestData].[RunDevSeed];

    SELECT [o].[Slug], COUNT(*) AS [Owners]
    INTO [#Actual]
    FROM [tenancy].[Organization] AS [o]
    INNER JOIN [tenancy].[Membership] AS [m] ON [m].[OrganizationId] = [o].[OrganizationId]
    WHERE [o].[Slug] IN ('acme', 'globex') AND [m].[Role] = 'owner' AND [m].[RemovedAt] IS NULL
    GROUP BY [o].[Slug];
    CREATE TABLE [#Expected] ([Slug] VARCHAR (63), [Owners] INT);
    INSERT INTO [#Expected] VALUES ('acme', 1), ('globex', 1);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
