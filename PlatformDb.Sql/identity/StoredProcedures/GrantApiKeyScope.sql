/*
Adds one scope to an API key of the caller's organization. It writes the source of truth (ApiKey.Scopes, JSON) and
TR_ApiKey_SyncScopes mirrors it into identity.ApiKeyScope, so both shapes agree whichever release reads them.
Granting a scope the key already has (compared case-insensitively) changes nothing. Existing elements keep their
exact JSON text (identity.ScopeArrayElements).
Transactions: own transaction when none is open, a savepoint inside a caller's; a refusal rolls back only this
call's work and is thrown with XACT_ABORT OFF, so the caller's transaction stays open (docs/errors.md).
Errors: 50104 key unknown, deleted or of another organization; 50105 scope blank or longer than 400 characters;
50106 the scope array would outgrow ApiKey.Scopes (1000 characters).
*/
CREATE PROCEDURE [identity].[GrantApiKeyScope]
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
DECLARE @NewScopes NVARCHAR (MAX);

IF @Scope IS NULL OR LEN(LTRIM(RTRIM(@Scope))) = 0 OR DATALENGTH(@Scope) > 800
BEGIN
    -- THROW honours XACT_ABORT; OFF (restored when the procedure returns) keeps a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW 50105, N'A scope must be a non-blank string of at most 400 characters.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [GrantApiKeyScope];

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
        ROLLBACK TRANSACTION [GrantApiKeyScope];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' does not exist, is deleted or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50104, @Message, 1;
END;

IF NOT EXISTS (SELECT 1
               FROM [identity].[ScopeArrayElements](@Scopes) AS [a]
               WHERE [a].[JsonType] = 1
                 AND [a].[Value] = @Scope)
BEGIN
    -- The array with the new scope appended, every existing element as it was. The new element is escaped
    -- exactly as ScopeArrayElements escapes strings (STRING_ESCAPE without its \/ escape).
    SET @NewScopes =
        (SELECT N'[' + STRING_AGG([e].[JsonText], N',') WITHIN GROUP (ORDER BY [e].[Position]) + N']'
         FROM (SELECT [a].[Position], [a].[JsonText]
               FROM [identity].[ScopeArrayElements](@Scopes) AS [a]
               UNION ALL
               SELECT 2147483647,
                      N'"' + REPLACE(STRING_ESCAPE(CAST(@Scope AS NVARCHAR (MAX)), 'json') COLLATE Latin1_General_100_BIN2, N'\/', N'/') + N'"') AS [e]);

    -- ApiKey.Scopes is NVARCHAR(1000): 2000 bytes. Refuse rather than fail with error 2628 (truncation).
    IF DATALENGTH(@NewScopes) > 2000
    BEGIN
        IF @TranCount = 0
            ROLLBACK TRANSACTION;
        ELSE
            ROLLBACK TRANSACTION [GrantApiKeyScope];
        SET @Message = CONCAT(N'API key ', @ApiKeyId, N' cannot take this scope: its scope array would be longer than 1000 characters.');
        SET XACT_ABORT OFF;
        THROW 50106, @Message, 1;
    END;

    UPDATE [k]
    SET [k].[Scopes] = CAST(@NewScopes AS NVARCHAR (1000)),
        [k].[UpdatedAt] = CAST(SYSUTCDATETIME() AS DATETIME2 (3))
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[ApiKeyId] = @ApiKeyId;
END;

IF @TranCount = 0
    COMMIT TRANSACTION;
