/*
v1.1.0 expand: makes identity.ApiKeyScope equal to the projection of identity.ApiKey.Scopes (the source of truth
in the dual-write window). Runs on every publish and is idempotent: it adds missing rows and removes stale ones,
so it also repairs the table after a rollback to v1.0.0 and a re-apply of v1.1.0, when keys may have changed
while the trigger was gone.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Migration: backfill identity.ApiKeyScope from identity.ApiKey.Scopes';

BEGIN TRANSACTION;

DELETE [s]
FROM [identity].[ApiKeyScope] AS [s]
INNER JOIN [identity].[ApiKey] AS [k]
    ON [k].[ApiKeyId] = [s].[ApiKeyId]
WHERE NOT EXISTS (SELECT 1
                  FROM OPENJSON([k].[Scopes]) AS [j]
                  WHERE [j].[type] = 1
                    AND [j].[value] = [s].[Scope]);

INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
SELECT DISTINCT [k].[ApiKeyId], [j].[value]
FROM [identity].[ApiKey] AS [k]
CROSS APPLY OPENJSON([k].[Scopes]) AS [j]
WHERE [j].[type] = 1
  AND NOT EXISTS (SELECT 1
                  FROM [identity].[ApiKeyScope] AS [s]
                  WHERE [s].[ApiKeyId] = [k].[ApiKeyId]
                    AND [s].[Scope] = [j].[value]);

COMMIT TRANSACTION;
GO
