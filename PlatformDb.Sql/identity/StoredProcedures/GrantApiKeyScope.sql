/*
v1.1.0 write path for scopes: adds one scope to a key. It writes the source of truth (ApiKey.Scopes, JSON) and
TR_ApiKey_SyncScopes mirrors it into identity.ApiKeyScope, so both shapes agree whichever release reads them.
Granting a scope the key already has changes nothing.
Errors: 50104 key unknown or deleted, 50105 scope blank or longer than 400 characters.
*/
CREATE PROCEDURE [identity].[GrantApiKeyScope]
    @ApiKeyId INT,
    -- Wider than a scope may be, so an over-long value is refused instead of silently truncated.
    @Scope    NVARCHAR (4000)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Message NVARCHAR (2048);

IF @Scope IS NULL OR LEN(LTRIM(RTRIM(@Scope))) = 0 OR LEN(@Scope) > 400
    THROW 50105, N'A scope must be a non-blank string of at most 400 characters.', 1;

BEGIN TRANSACTION;

IF NOT EXISTS (SELECT 1
               FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK)
               WHERE [k].[ApiKeyId] = @ApiKeyId
                 AND [k].[DeletedAt] IS NULL)
BEGIN
    ROLLBACK TRANSACTION;
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' does not exist or is deleted.');
    THROW 50104, @Message, 1;
END;

-- Rebuild the array with the new scope appended, keeping every existing element as it was.
UPDATE [k]
SET [k].[Scopes] =
        (SELECT N'[' + STRING_AGG([e].[JsonText], N',') WITHIN GROUP (ORDER BY [e].[Position]) + N']'
         FROM (SELECT [a].[Position], [a].[JsonText]
               FROM [identity].[ScopeArrayElements]([k].[Scopes]) AS [a]
               UNION ALL
               SELECT 2147483647, N'"' + STRING_ESCAPE(CAST(@Scope AS NVARCHAR (MAX)), 'json') + N'"') AS [e]),
    [k].[UpdatedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
FROM [identity].[ApiKey] AS [k]
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND NOT EXISTS (SELECT 1
                  FROM [identity].[ScopeArrayElements]([k].[Scopes]) AS [a]
                  WHERE [a].[JsonType] = 1
                    AND [a].[Value] = @Scope);

COMMIT TRANSACTION;
