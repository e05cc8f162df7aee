/*
Operations only (granted to no role): the rotation job's work list. Returns up to @Top unrevoked credentials whose data
key is wrapped by the key-encryption key version @KeyId, with what a re-wrap needs: organization, credential id, key id
and wrapped data key. Never the ciphertext: re-wrapping does not decrypt the provider key. The job unwraps each data key
with the old KEK version, wraps it with the new one and calls tenancy.RewrapProviderCredential with @ExpectedKeyId =
@KeyId; it repeats until this returns no row, and only then may the old KEK version be disabled (docs/security.md).
Key ids match byte for byte (a KMS key version id is case-sensitive, and tenancy.RewrapProviderCredential compares
@ExpectedKeyId the same way): the column's collation may ignore case, so the seek on IX_ProviderCredential_KeyId is
followed by a binary comparison. @KeyId is declared wider than the column so that an overlong value matches nothing
instead of being cut to 256 characters (SET ANSI_WARNINGS docs) and matching another key id.
Result set: OrganizationId, ProviderCredentialId, KeyId, WrappedDataKey; oldest credential first.
*/
CREATE PROCEDURE [tenancy].[ListProviderCredentialsByKeyId]
    @KeyId VARCHAR (8000),
    @Top   INT = 1000
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

SELECT TOP (CASE WHEN @Top IS NULL OR @Top < 1 THEN 1000 ELSE @Top END)
       [c].[OrganizationId],
       [c].[ProviderCredentialId],
       [c].[KeyId],
       [c].[WrappedDataKey]
FROM [tenancy].[ProviderCredential] AS [c]
WHERE [c].[KeyId] = @KeyId
  AND [c].[KeyId] COLLATE Latin1_General_100_BIN2 = @KeyId COLLATE Latin1_General_100_BIN2
  AND DATALENGTH(@KeyId) <= 256
  AND [c].[RevokedAt] IS NULL
ORDER BY [c].[ProviderCredentialId];
