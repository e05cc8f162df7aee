/*
The non-deleted API keys of the caller's organization, revoked and expired ones included (the caller filters), never
the hash. LastUsedAt is the newer of identity.ApiKey.LastUsedAt (written by v1.0.0/v1.1.0) and
identity.ApiKeyLastUse (written by identity.AuthenticateApiKey since v1.2.0). Read only. Errors: none.
Result set: ApiKeyId, Name, KeyPrefix, Scopes, CreatedAt, ExpiresAt, RevokedAt, LastUsedAt, by ApiKeyId.
*/
CREATE PROCEDURE [identity].[ListApiKeys]
    @OrganizationId INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

SELECT [k].[ApiKeyId],
       [k].[Name],
       [k].[KeyPrefix],
       [k].[Scopes],
       [k].[CreatedAt],
       [k].[ExpiresAt],
       [k].[RevokedAt],
       CASE
           WHEN [l].[LastUsedAt] IS NULL THEN [k].[LastUsedAt]
           WHEN [k].[LastUsedAt] IS NULL OR [l].[LastUsedAt] > [k].[LastUsedAt] THEN [l].[LastUsedAt]
           ELSE [k].[LastUsedAt]
       END AS [LastUsedAt]
FROM [identity].[ApiKey] AS [k]
LEFT JOIN [identity].[ApiKeyLastUse] AS [l] ON [l].[ApiKeyId] = [k].[ApiKeyId]
WHERE [k].[OrganizationId] = @OrganizationId
  AND [k].[DeletedAt] IS NULL
ORDER BY [k].[ApiKeyId];
