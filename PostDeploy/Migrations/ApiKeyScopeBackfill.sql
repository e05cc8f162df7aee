/*
v1.1.0 expand: makes identity.ApiKeyScope equal to the projection of identity.ApiKey.Scopes (the source of truth in
the dual-write window). Runs on every publish and is idempotent: it adds missing rows and removes stale ones, so it
also repairs the table after a rollback and a re-apply, when keys may have changed while the trigger was gone.
v1.2.0: it accepts every row an earlier release accepted. Elements that cannot be scope rows (not strings, JSON
null, blank, longer than 400 characters, case/trailing-space duplicates; identity.ScopeProjection, the rule the
trigger uses too) are skipped, never failing the publish, and reported below: how many, on which keys, and why.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Migration: backfill identity.ApiKeyScope from identity.ApiKey.Scopes';

DECLARE @Skipped TABLE
(
    [ApiKeyId]   INT           NOT NULL,
    [Position]   INT           NOT NULL,
    [SkipReason] NVARCHAR (60) NOT NULL,
    PRIMARY KEY ([ApiKeyId], [Position])
);
DECLARE @Report NVARCHAR (MAX);

BEGIN TRANSACTION;

-- The service keeps running during a publish. Until this transaction commits, no one may change ApiKey.Scopes
-- (and so fire TR_ApiKey_SyncScopes into ApiKeyScope): a shared table lock held to the end (TABLOCK, HOLDLOCK) blocks
-- every writer of identity.ApiKey but no reader, so authentication goes on. Taken before any ApiKeyScope lock, in the
-- order the procedures and the trigger use (ApiKey, then ApiKeyScope), so it cannot deadlock with them; and it is a
-- locking read, so it sees the latest committed Scopes also under READ_COMMITTED_SNAPSHOT. Without it a concurrent
-- grant could insert a row between this script's NOT EXISTS and its INSERT (2627, failing the publish), or, under
-- row versioning, this script could delete a row a concurrent grant just projected from a newer Scopes.
DECLARE @Keys BIGINT;
SELECT @Keys = COUNT_BIG(*)
FROM [identity].[ApiKey] AS [k] WITH (TABLOCK, HOLDLOCK);

DELETE [s]
FROM [identity].[ApiKeyScope] AS [s]
INNER JOIN [identity].[ApiKey] AS [k]
    ON [k].[ApiKeyId] = [s].[ApiKeyId]
WHERE NOT EXISTS (SELECT 1
                  FROM [identity].[ScopeProjection]([k].[Scopes]) AS [p]
                  WHERE [p].[SkipReason] IS NULL
                    AND [p].[Scope] = [s].[Scope]);

INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
SELECT [k].[ApiKeyId], [p].[Scope]
FROM [identity].[ApiKey] AS [k]
CROSS APPLY [identity].[ScopeProjection]([k].[Scopes]) AS [p]
WHERE [p].[SkipReason] IS NULL
  AND NOT EXISTS (SELECT 1
                  FROM [identity].[ApiKeyScope] AS [s]
                  WHERE [s].[ApiKeyId] = [k].[ApiKeyId]
                    AND [s].[Scope] = [p].[Scope]);

INSERT INTO @Skipped ([ApiKeyId], [Position], [SkipReason])
SELECT [k].[ApiKeyId], [p].[Position], [p].[SkipReason]
FROM [identity].[ApiKey] AS [k]
CROSS APPLY [identity].[ScopeProjection]([k].[Scopes]) AS [p]
WHERE [p].[SkipReason] IS NOT NULL;

COMMIT TRANSACTION;

-- One line per reason, with at most 20 key ids each so the report stays within what PRINT shows.
SELECT @Report = STRING_AGG(CAST(CONCAT(N'  skipped ', [r].[Elements], N' element(s) on ', [r].[Keys], N' key(s), ',
                                        [r].[SkipReason], N': ApiKeyId ', [ids].[List],
                                        CASE WHEN [r].[Keys] > 20 THEN N', ...' ELSE N'' END) AS NVARCHAR (MAX)),
                            NCHAR(10)) WITHIN GROUP (ORDER BY [r].[SkipReason])
FROM (SELECT [s].[SkipReason], COUNT(*) AS [Elements], COUNT(DISTINCT [s].[ApiKeyId]) AS [Keys]
      FROM @Skipped AS [s]
      GROUP BY [s].[SkipReason]) AS [r]
CROSS APPLY (SELECT STRING_AGG(CAST([d].[ApiKeyId] AS NVARCHAR (12)), N', ') WITHIN GROUP (ORDER BY [d].[ApiKeyId]) AS [List]
             FROM (SELECT DISTINCT TOP (20) [s].[ApiKeyId]
                   FROM @Skipped AS [s]
                   WHERE [s].[SkipReason] = [r].[SkipReason]
                   ORDER BY [s].[ApiKeyId]) AS [d]) AS [ids];

IF @Report IS NULL
    PRINT N'  every scope array element is a valid scope; nothing skipped';
ELSE
    PRINT @Report;
GO
