/*
v1.2.0: which elements of a JSON scope array become rows of identity.ApiKeyScope, and why the others do not.
One rule for TR_ApiKey_SyncScopes and the post-deployment backfill, so both skip exactly the same elements:
every row v1.0.0 accepted into ApiKey.Scopes must be projectable without failing the writing statement.
SkipReason is NULL for an element that becomes a row; Scope is then its text as NVARCHAR(400).
A duplicate is an element equal to an earlier valid one under the database collation (case-insensitive, trailing
spaces ignored), i.e. one that PK_ApiKeyScope would refuse; the first spelling in array order wins.
The parameter has the database collation, so every comparison here is the one PK_ApiKeyScope makes.
*/
CREATE FUNCTION [identity].[ScopeProjection] (@Scopes NVARCHAR (MAX))
RETURNS TABLE
AS
RETURN
    SELECT [v].[Position],
           [v].[Scope],
           CASE
               WHEN [v].[Invalid] IS NOT NULL THEN [v].[Invalid]
               WHEN ROW_NUMBER() OVER (PARTITION BY [v].[Invalid], [v].[Scope] ORDER BY [v].[Position]) > 1
                   THEN CAST(N'duplicate of an earlier element (case or trailing spaces)' AS NVARCHAR (60))
           END AS [SkipReason]
    FROM (SELECT CAST([j].[key] AS INT) AS [Position],
                 CAST(CASE
                          WHEN [j].[type] = 0 THEN N'JSON null'
                          WHEN [j].[type] <> 1 THEN N'not a string'
                          WHEN LEN(LTRIM(RTRIM([j].[value]))) = 0 THEN N'blank'
                          -- Bytes, not LEN: LEN ignores trailing spaces, which still count against NVARCHAR(400).
                          WHEN DATALENGTH([j].[value]) > 800 THEN N'longer than 400 characters'
                      END AS NVARCHAR (60)) AS [Invalid],
                 CASE
                     WHEN [j].[type] = 1
                      AND LEN(LTRIM(RTRIM([j].[value]))) > 0
                      AND DATALENGTH([j].[value]) <= 800
                     THEN CAST([j].[value] AS NVARCHAR (400))
                 END AS [Scope]
          FROM OPENJSON(@Scopes) AS [j]) AS [v];
