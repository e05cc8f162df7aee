/*
Stores a provider API key of the caller's organization, already encrypted by the application (docs/security.md
"Provider secrets (envelope encryption)"): @KeyId names the key-encryption key version that wrapped @WrappedDataKey, and
@Ciphertext is the version-1 envelope. The plaintext key never reaches the database. If an unrevoked credential with the
same provider and label exists, it is revoked and the new one inserted in one transaction (secret rotation: the old
version is revoked, never overwritten). @ActorUserId must be a live owner or admin of @OrganizationId.
String and binary parameters are declared wider than their columns so that an overlong value is refused (50522)
instead of being truncated silently (SET ANSI_WARNINGS docs).
The probe of the live credential takes UPDLOCK, HOLDLOCK, so two concurrent stores of one label serialize and the
filtered unique index UQ_ProviderCredential_Organization_Provider_Label_Unrevoked is never hit by this procedure.
Audit: tenancy.provider_credential_stored (actor @ActorUserId, target the new credential id; details: provider id, key
id and the replaced credential id; never the key, the data key or the ciphertext).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Result set: one row ProviderCredentialId, ReplacedProviderCredentialId (NULL when none was live).
Errors: 50520 actor not a live owner/admin; 50521 provider unknown or deleted; 50522 invalid values.
*/
CREATE PROCEDURE [tenancy].[StoreProviderCredential]
    @OrganizationId INT,
    @ProviderId     INT,
    @Label          NVARCHAR (4000),
    @KeyId          VARCHAR (8000),
    @WrappedDataKey VARBINARY (MAX),
    @Ciphertext     VARBINARY (MAX),
    @ActorUserId    INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @ProviderCredentialId INT;
DECLARE @ReplacedId INT;
DECLARE @Details NVARCHAR (MAX);

-- The same rules as the table's checks (CK_ProviderCredential_*), refused with a documented number before any write.
-- DATALENGTH, not LEN, bounds the label: LEN ignores trailing spaces, so 100 characters plus trailing spaces would pass
-- and the CONVERT below would cut the spaces silently, and the stored label would no longer be the one the ciphertext's
-- associated data binds (docs/security.md).
IF @Label IS NULL OR LEN(LTRIM(RTRIM(@Label))) = 0 OR DATALENGTH(@Label) > 200
   OR @KeyId IS NULL OR LEN(@KeyId) NOT BETWEEN 3 AND 256 OR DATALENGTH(@KeyId) > 256
   OR @KeyId COLLATE Latin1_General_100_BIN2 LIKE '%[^!-~]%'
   OR CHARINDEX('/', @KeyId) <= 1 OR RIGHT(@KeyId, 1) = '/'
   OR @WrappedDataKey IS NULL OR DATALENGTH(@WrappedDataKey) NOT BETWEEN 40 AND 1024
   OR @Ciphertext IS NULL OR DATALENGTH(@Ciphertext) NOT BETWEEN 30 AND 8000
   OR SUBSTRING(@Ciphertext, 1, 1) <> 0x01
BEGIN
    SET XACT_ABORT OFF;
    THROW 50522, N'Invalid provider credential values: the label must be non-blank (at most 100 characters), the key id "<key reference>/<version>" of 3..256 printable ASCII characters without spaces, the wrapped data key 40..1024 bytes and the ciphertext a version-1 envelope (0x01 | nonce | tag | data) of 30..8000 bytes.', 1;
END;

IF NOT EXISTS (SELECT 1
               FROM [tenancy].[Membership] AS [m]
               INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
               INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [m].[OrganizationId]
               WHERE [m].[OrganizationId] = @OrganizationId
                 AND [m].[UserId] = @ActorUserId
                 AND [m].[Role] IN ('owner', 'admin')
                 AND [m].[RemovedAt] IS NULL
                 AND [u].[DeletedAt] IS NULL
                 AND [o].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @ActorUserId, N' is not an owner or admin of the organization (or the organization does not exist).');
    SET XACT_ABORT OFF;
    THROW 50520, @Message, 1;
END;

IF NOT EXISTS (SELECT 1 FROM [catalog].[Provider] AS [p] WHERE [p].[ProviderId] = @ProviderId AND [p].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'Provider ', @ProviderId, N' does not exist or is deleted.');
    SET XACT_ABORT OFF;
    THROW 50521, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [StoreProviderCredential];

SELECT @ReplacedId = [c].[ProviderCredentialId]
FROM [tenancy].[ProviderCredential] AS [c] WITH (UPDLOCK, HOLDLOCK)
WHERE [c].[OrganizationId] = @OrganizationId
  AND [c].[ProviderId] = @ProviderId
  AND [c].[Label] = @Label
  AND [c].[RevokedAt] IS NULL;

IF @ReplacedId IS NOT NULL
BEGIN
    UPDATE [c]
    SET [c].[RevokedAt] = CASE WHEN @Now < [c].[CreatedAt] THEN [c].[CreatedAt] ELSE @Now END,
        [c].[RevokedByUserId] = @ActorUserId,
        [c].[UpdatedAt] = @Now
    FROM [tenancy].[ProviderCredential] AS [c]
    WHERE [c].[ProviderCredentialId] = @ReplacedId;
END;

-- The lengths were checked above, so these conversions cut nothing.
INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext],
                                           [CreatedByUserId], [CreatedAt], [UpdatedAt])
VALUES (@OrganizationId, @ProviderId, CONVERT (NVARCHAR (100), @Label), CONVERT (VARCHAR (256), @KeyId),
        CONVERT (VARBINARY (1024), @WrappedDataKey), CONVERT (VARBINARY (8000), @Ciphertext), @ActorUserId, @Now, @Now);
SET @ProviderCredentialId = CAST(SCOPE_IDENTITY() AS INT);

-- Ids and the key id only: never the key, the data key or the ciphertext. FOR JSON escapes the key id.
SET @Details = (SELECT @ProviderId AS [providerId], CONVERT (VARCHAR (256), @KeyId) AS [keyId],
                       @ReplacedId AS [replacedProviderCredentialId]
                FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES);

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'user', @ActorUserId, 'tenancy.provider_credential_stored', 'provider_credential',
        CONVERT (VARCHAR (100), @ProviderCredentialId), @Details);

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @ProviderCredentialId AS [ProviderCredentialId], @ReplacedId AS [ReplacedProviderCredentialId];
