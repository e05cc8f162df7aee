/*
v1.1.0 dual-write: every insert or update of identity.ApiKey.Scopes (by v1.0.0 code paths or by the new
procedures) is mirrored into identity.ApiKeyScope in the same transaction. Non-string array elements are ignored;
a scope longer than 400 characters fails the writing statement (error 2628) instead of being truncated.
*/
CREATE TRIGGER [identity].[TR_ApiKey_SyncScopes]
ON [identity].[ApiKey]
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    IF NOT UPDATE([Scopes])
        RETURN;

    DELETE [s]
    FROM [identity].[ApiKeyScope] AS [s]
    INNER JOIN [inserted] AS [i]
        ON [i].[ApiKeyId] = [s].[ApiKeyId]
    WHERE NOT EXISTS (SELECT 1
                      FROM OPENJSON([i].[Scopes]) AS [j]
                      WHERE [j].[type] = 1
                        AND [j].[value] = [s].[Scope]);

    INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
    SELECT DISTINCT [i].[ApiKeyId], [j].[value]
    FROM [inserted] AS [i]
    CROSS APPLY OPENJSON([i].[Scopes]) AS [j]
    WHERE [j].[type] = 1
      AND NOT EXISTS (SELECT 1
                      FROM [identity].[ApiKeyScope] AS [s]
                      WHERE [s].[ApiKeyId] = [i].[ApiKeyId]
                        AND [s].[Scope] = [j].[value]);
END;
