/*
v1.4.0: records the SQLCMD variable Environment in ops.DatabaseEnvironment (one row) on every publish, so that
'platformdb smoke' can refuse a database that is not dev or test. Idempotent: the row changes only when the value
does (RecordedAt is when the current value was first recorded). An unknown value is PRINTed and the row left as it
is; this step never fails a publish whose schema has already committed (post-deployment scripts run after it): any
error is PRINTed instead and the step's own work rolled back.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

-- The database collation is case-insensitive: 'Dev' passes and is stored as 'dev' (smoke compares exactly).
IF N'$(Environment)' IN (N'dev', N'test', N'staging', N'prod')
BEGIN
BEGIN TRY
    BEGIN TRANSACTION;

    UPDATE [e]
    SET [e].[Environment] = CONVERT (VARCHAR (16), LOWER(N'$(Environment)')),
        [e].[RecordedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
    FROM [ops].[DatabaseEnvironment] AS [e] WITH (UPDLOCK, HOLDLOCK)
    WHERE [e].[DatabaseEnvironmentId] = 1
      AND [e].[Environment] COLLATE Latin1_General_100_BIN2 <> CONVERT (VARCHAR (16), LOWER(N'$(Environment)'));

    IF NOT EXISTS (SELECT 1 FROM [ops].[DatabaseEnvironment] AS [e] WITH (UPDLOCK, HOLDLOCK) WHERE [e].[DatabaseEnvironmentId] = 1)
        INSERT INTO [ops].[DatabaseEnvironment] ([DatabaseEnvironmentId], [Environment])
        VALUES (1, CONVERT (VARCHAR (16), LOWER(N'$(Environment)')));

    COMMIT TRANSACTION;
END TRY
BEGIN CATCH
    IF XACT_STATE() <> 0
        ROLLBACK TRANSACTION;
    PRINT CONCAT(N'Database environment not recorded (error ', ERROR_NUMBER(), N': ', ERROR_MESSAGE(), N'); the row is unchanged.');
END CATCH;
END
ELSE
    PRINT N'Database environment not recorded: Environment ''$(Environment)'' is not dev, test, staging or prod; the row is unchanged.';
GO
