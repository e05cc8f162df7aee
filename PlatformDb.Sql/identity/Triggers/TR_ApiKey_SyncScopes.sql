/*
v1.1.0 dual-write: every insert or update of identity.ApiKey.Scopes (by v1.0.0 code paths or by the procedures) is
mirrored into identity.ApiKeyScope in the same transaction.
v1.2.0: only the valid elements are mirrored (identity.ScopeProjection): non-strings, JSON null, blank strings,
strings longer than 400 characters and case/trailing-space duplicates are skipped silently, so a Scopes value that
CK_ApiKey_ScopesIsJsonArray accepts never fails the writing statement (v1.1.0 failed it with 547 or 2628).
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
                      FROM [identity].[ScopeProjection]([i].[Scopes]) AS [p]
                      WHERE [p].[SkipReason] IS NULL
                        AND [p].[Scope] = [s].[Scope]);

    INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
    SELECT [i].[ApiKeyId], [p].[Scope]
    FROM [inserted] AS [i]
    CROSS APPLY [identity].[ScopeProjection]([i].[Scopes]) AS [p]
    WHERE [p].[SkipReason] IS NULL
      AND NOT EXISTS (SELECT 1
                      FROM [identity].[ApiKeyScope] AS [s]
                      WHERE [s].[ApiKeyId] = [i].[ApiKeyId]
                        AND [s].[Scope] = [p].[Scope]);
END;
