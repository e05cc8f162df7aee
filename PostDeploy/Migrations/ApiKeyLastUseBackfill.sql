/*
v1.2.0 expand: copies the deprecated identity.ApiKey.LastUsedAt into identity.ApiKeyLastUse. Runs on every publish
and is idempotent: it adds keys that have no row yet and moves a row forward when the old column is newer, which
happens after a rollback to v1.1.0 (which writes the old column) and a re-apply of v1.2.0. It never moves a row
back, so last uses recorded by v1.2.0 survive.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Migration: backfill identity.ApiKeyLastUse from identity.ApiKey.LastUsedAt';

BEGIN TRANSACTION;

UPDATE [u]
SET [u].[LastUsedAt] = [k].[LastUsedAt]
FROM [identity].[ApiKeyLastUse] AS [u] WITH (UPDLOCK, HOLDLOCK)
INNER JOIN [identity].[ApiKey] AS [k]
    ON [k].[ApiKeyId] = [u].[ApiKeyId]
WHERE [k].[LastUsedAt] > [u].[LastUsedAt];

INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt])
SELECT [k].[ApiKeyId], [k].[LastUsedAt]
FROM [identity].[ApiKey] AS [k]
WHERE [k].[LastUsedAt] IS NOT NULL
  AND NOT EXISTS (SELECT 1
                  FROM [identity].[ApiKeyLastUse] AS [u] WITH (UPDLOCK, HOLDLOCK)
                  WHERE [u].[ApiKeyId] = [k].[ApiKeyId]);

COMMIT TRANSACTION;
GO
