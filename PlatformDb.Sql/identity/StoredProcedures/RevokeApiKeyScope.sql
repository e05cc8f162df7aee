/*
v1.1.0 write path for scopes: removes one scope from a key (every element equal to it, compared
case-insensitively). Like GrantApiKeyScope it rewrites the source of truth, ApiKey.Scopes, and the trigger
mirrors it into identity.ApiKeyScope. Revoking a scope the key does not have changes nothing.
Errors: 50104 key unknown or deleted, 50105 scope blank or longer than 400 characters.
*/
CREATE PROCEDURE [identity].[RevokeApiKeyScope]
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

-- Rebuild the array from the elements that stay, in their original order; [] when none is left.
UPDATE [k]
SET [k].[Scopes] = COALESCE(
        (SELECT N'[' + STRING_AGG([a].[JsonText], N',') WITHIN GROUP (ORDER BY [a].[Position]) + N']'
         FROM [identity].[ScopeArrayElements]([k].[Scopes]) AS [a]
         WHERE NOT ([a].[JsonType] = 1 AND [a].[Value] = @Scope)),
        N'[]'),
    [k].[UpdatedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
FROM [identity].[ApiKey] AS [k]
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND EXISTS (SELECT 1
              FROM [identity].[ScopeArrayElements]([k].[Scopes]) AS [a]
              WHERE [a].[JsonType] = 1
                AND [a].[Value] = @Scope);

COMMIT TRANSACTION;
