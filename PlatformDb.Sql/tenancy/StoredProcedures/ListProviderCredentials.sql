/*
Lists the provider credentials of the caller's organization, revoked ones included, as metadata only: never the wrapped
data key or the ciphertext (tenancy.GetProviderCredential is the only path to those). KeyId is not secret and shows
which key-encryption key version protects each credential.
Result set: ProviderCredentialId, ProviderId, ProviderCode, Label, KeyId, CreatedByUserId, CreatedAt, RewrappedAt,
RevokedAt, RevokedByUserId; newest first per provider and label. An unknown organization gives an empty result.
*/
CREATE PROCEDURE [tenancy].[ListProviderCredentials]
    @OrganizationId INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

SELECT [c].[ProviderCredentialId],
       [c].[ProviderId],
       [p].[Code] AS [ProviderCode],
       [c].[Label],
       [c].[KeyId],
       [c].[CreatedByUserId],
       [c].[CreatedAt],
       [c].[RewrappedAt],
       [c].[RevokedAt],
       [c].[RevokedByUserId]
FROM [tenancy].[ProviderCredential] AS [c]
INNER JOIN [catalog].[Provider] AS [p] ON [p].[ProviderId] = [c].[ProviderId]
WHERE [c].[OrganizationId] = @OrganizationId
ORDER BY [p].[Code], [c].[Label], [c].[ProviderCredentialId] DESC;
