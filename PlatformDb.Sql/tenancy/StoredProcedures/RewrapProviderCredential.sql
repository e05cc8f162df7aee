/*
Key rotation of one provider credential of the caller's organization: replaces the wrapped data key and KeyId with the
same data key wrapped by a new key-encryption key version (the application unwrapped it with the old KEK and wrapped it
with the new one). The ciphertext is not touched: the provider key is never decrypted for a re-wrap.
Optimistic: @ExpectedKeyId is the key id the caller read; if the row's key id changed meanwhile (another rotation won),
nothing is written and 50525 names the current key id. Only unrevoked credentials are re-wrapped: a revoked one keeps
its old wrapping and becomes unreadable for good once that KEK version is destroyed (docs/security.md).
Called by the rotation job (see tenancy.ListProviderCredentialsByKeyId), so the audit actor is 'system'.
Audit: tenancy.provider_credential_rewrapped (target the credential id; details: old and new key id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50522 invalid values; 50524 credential unknown, revoked or of another organization; 50525 key id changed.
*/
CREATE PROCEDURE [tenancy].[RewrapProviderCredential]
    @OrganizationId       INT,
    @ProviderCredentialId INT,
    @ExpectedKeyId        VARCHAR (8000),
    @NewKeyId             VARCHAR (8000),
    @NewWrappedDataKey    VARBINARY (MAX)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @Found BIT = 0;
DECLARE @CurrentKeyId VARCHAR (256);
DECLARE @Details NVARCHAR (MAX);

IF @ExpectedKeyId IS NULL OR DATALENGTH(@ExpectedKeyId) > 256
   OR @NewKeyId IS NULL OR LEN(@NewKeyId) NOT BETWEEN 3 AND 256 OR DATALENGTH(@NewKeyId) > 256
   OR @NewKeyId COLLATE Latin1_General_100_BIN2 LIKE '%[^!-~]%'
   OR CHARINDEX('/', @NewKeyId) <= 1 OR RIGHT(@NewKeyId, 1) = '/'
   OR @NewWrappedDataKey IS NULL OR DATALENGTH(@NewWrappedDataKey) NOT BETWEEN 40 AND 1024
BEGIN
    SET XACT_ABORT OFF;
    THROW 50522, N'Invalid provider credential values: the expected key id is required, the new key id must be "<key reference>/<version>" of 3..256 printable ASCII characters without spaces and the new wrapped data key 40..1024 bytes.', 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RewrapProviderCredential];

SELECT @Found = 1,
       @CurrentKeyId = [c].[KeyId]
FROM [tenancy].[ProviderCredential] AS [c] WITH (UPDLOCK, HOLDLOCK)
WHERE [c].[ProviderCredentialId] = @ProviderCredentialId
  AND [c].[OrganizationId] = @OrganizationId
  AND [c].[RevokedAt] IS NULL;

IF @Found = 0
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RewrapProviderCredential];
    SET @Message = CONCAT(N'Provider credential ', @ProviderCredentialId, N' does not exist, is revoked or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50524, @Message, 1;
END;

-- Key ids are compared byte for byte: a KMS key version id is case-sensitive.
IF @CurrentKeyId COLLATE Latin1_General_100_BIN2 <> CONVERT (VARCHAR (256), @ExpectedKeyId) COLLATE Latin1_General_100_BIN2
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RewrapProviderCredential];
    SET @Message = CONCAT(N'Provider credential ', @ProviderCredentialId, N' is now wrapped by key ', @CurrentKeyId,
                          N', not by the expected key: re-read it and re-wrap from its current key, or skip it.');
    SET XACT_ABORT OFF;
    THROW 50525, @Message, 1;
END;

-- The lengths were checked above, so these conversions cut nothing.
UPDATE [c]
SET [c].[KeyId] = CONVERT (VARCHAR (256), @NewKeyId),
    [c].[WrappedDataKey] = CONVERT (VARBINARY (1024), @NewWrappedDataKey),
    [c].[RewrappedAt] = CASE WHEN @Now < [c].[CreatedAt] THEN [c].[CreatedAt] ELSE @Now END,
    [c].[UpdatedAt] = @Now
FROM [tenancy].[ProviderCredential] AS [c]
WHERE [c].[ProviderCredentialId] = @ProviderCredentialId
  AND [c].[OrganizationId] = @OrganizationId;

-- Key ids only: never the data key.
SET @Details = (SELECT @CurrentKeyId AS [fromKeyId], CONVERT (VARCHAR (256), @NewKeyId) AS [toKeyId]
                FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'system', 'tenancy.provider_credential_rewrapped', 'provider_credential',
        CONVERT (VARCHAR (100), @ProviderCredentialId), @Details);

IF @TranCount = 0
    COMMIT TRANSACTION;
