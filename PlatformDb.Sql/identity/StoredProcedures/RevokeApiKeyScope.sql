/*
Removes one scope from an API key of the caller's organization (every element equal to it, compared
case-insensitively). Like GrantApiKeyScope it rewrites the source of truth, ApiKey.Scopes, and the trigger mirrors
it into identity.ApiKeyScope. Revoking a scope the key does not have changes nothing. The remaining elements keep
their exact JSON text (identity.ScopeArrayElements).
Transactions: own transaction when none is open, a savepoint inside a caller's; a refusal rolls back only this
call's work and is thrown with XACT_ABORT OFF, so the caller's transaction stays open (docs/errors.md).
Errors: 50104 key unknown, deleted or of another organization; 50105 scope blank or longer than 400 characters.
*/
CREATE PROCEDURE [identity].[RevokeApiKeyScope]
    @OrganizationId INT,
    @ApiKeyId       INT,
    -- Wider than a scope may be, so an over-long value is refused instead of silently truncated.
    @Scope          NVARCHAR (4000)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Message NVARCHAR (2048);
DECLARE @Scopes NVARCHAR (MAX);

IF @Scope IS NULL OR LEN(LTRIM(RTRIM(@Scope))) = 0 OR DATALENGTH(@Scope) > 800
BEGIN
    -- THROW honours XACT_ABORT; OFF (restored when the procedure returns) keeps a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW 50105, N'A scope must be a non-blank string of at most 400 characters.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RevokeApiKeyScope];

-- Locks the key row until the end of the transaction: concurrent grants and revokes of one key serialize here.
-- A key of another organization is treated exactly like a missing one, so its existence does not leak.
SELECT @Scopes = [k].[Scopes]
FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK)
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND [k].[OrganizationId] = @OrganizationId
  AND [k].[DeletedAt] IS NULL;

-- Scopes is NOT NULL, so NULL here means no such live key in this organization.
IF @Scopes IS NULL
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RevokeApiKeyScope];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' does not exist, is deleted or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50104, @Message, 1;
END;

-- Rebuild the array from the elements that stay, in their original order; [] when none is left.
-- Removing elements only shortens the array, so it always fits ApiKey.Scopes.
IF EXISTS (SELECT 1
           FROM [identity].[ScopeArrayElements](@Scopes) AS [a]
           WHERE [a].[JsonType] = 1
             AND [a].[Value] = @Scope)
    UPDATE [k]
    SET [k].[Scopes] = COALESCE(
            (SELECT N'[' + STRING_AGG([a].[JsonText], N',') WITHIN GROUP (ORDER BY [a].[Position]) + N']'
             FROM [identity].[ScopeArrayElements](@Scopes) AS [a]
             WHERE NOT ([a].[JsonType] = 1 AND [a].[Value] = @Scope)),
            N'[]'),
        [k].[UpdatedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[ApiKeyId] = @ApiKeyId;

IF @TranCount = 0
    COMMIT TRANSACTION;
