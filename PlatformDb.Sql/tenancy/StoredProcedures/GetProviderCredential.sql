/*
The only read path of a provider key (platform_app is denied SELECT on tenancy.ProviderCredential; this procedure reads
it through ownership chaining, docs/security.md): the unrevoked credential of the caller's organization for a provider
and label, as stored: label, key id, wrapped data key and envelope. The application unwraps the data key with the KEK
named by KeyId and decrypts the envelope with organization, provider and the returned Label as associated data (the
returned label is the stored one: @Label matches it by the column's collation, which may ignore case and trailing
spaces, and the ciphertext binds the exact stored text). A credential of another
organization, a revoked, unknown or deleted-organization one is refused alike (50523), so the answer never tells
whether another organization has such a label.
Reads are not audited here (the service reads a key for every provider call); see docs/security.md.
Result set: one row ProviderCredentialId, Label, KeyId, WrappedDataKey, Ciphertext.
Errors: 50523 no live credential for this organization, provider and label.
*/
CREATE PROCEDURE [tenancy].[GetProviderCredential]
    @OrganizationId INT,
    @ProviderId     INT,
    @Label          NVARCHAR (4000)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Found TABLE
(
    [ProviderCredentialId] INT               NOT NULL,
    [Label]                NVARCHAR (100)    NOT NULL,
    [KeyId]                VARCHAR (256)     NOT NULL,
    [WrappedDataKey]       VARBINARY (1024)  NOT NULL,
    [Ciphertext]           VARBINARY (8000)  NOT NULL
);

INSERT INTO @Found ([ProviderCredentialId], [Label], [KeyId], [WrappedDataKey], [Ciphertext])
SELECT [c].[ProviderCredentialId], [c].[Label], [c].[KeyId], [c].[WrappedDataKey], [c].[Ciphertext]
FROM [tenancy].[ProviderCredential] AS [c]
INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [c].[OrganizationId]
WHERE [c].[OrganizationId] = @OrganizationId
  AND [c].[ProviderId] = @ProviderId
  AND [c].[Label] = @Label
  AND [c].[RevokedAt] IS NULL
  AND [o].[DeletedAt] IS NULL;

IF NOT EXISTS (SELECT 1 FROM @Found)
BEGIN
    SET XACT_ABORT OFF;
    THROW 50523, N'No live provider credential with this provider and label exists for the organization.', 1;
END;

SELECT [f].[ProviderCredentialId], [f].[Label], [f].[KeyId], [f].[WrappedDataKey], [f].[Ciphertext]
FROM @Found AS [f];
