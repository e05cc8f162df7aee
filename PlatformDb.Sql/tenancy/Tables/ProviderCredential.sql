-- Provider API keys an organization brings (v1.5.0, docs/security.md "Provider secrets (envelope encryption)"). The
-- platform must send the key to the provider, so it is encrypted, not hashed: the application encrypts it with a fresh
-- AES-256-GCM data key and stores only the ciphertext and the data key wrapped by a key-encryption key (KEK) held in a
-- key management service outside the database. No column holds plaintext. Reading goes only through
-- tenancy.GetProviderCredential (platform_app is denied SELECT on this table).
CREATE TABLE [tenancy].[ProviderCredential]
(
    [ProviderCredentialId] INT IDENTITY (1, 1) NOT NULL,
    [OrganizationId]       INT                 NOT NULL,
    [ProviderId]           INT                 NOT NULL,
    [Label]                NVARCHAR (100)      NOT NULL,
    [KeyId]                VARCHAR (256)       NOT NULL,
    [WrappedDataKey]       VARBINARY (1024)    NOT NULL,
    [Ciphertext]           VARBINARY (8000)    NOT NULL,
    [CreatedByUserId]      INT                 NOT NULL,
    [CreatedAt]            DATETIME2 (3)       NOT NULL CONSTRAINT [DF_ProviderCredential_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [RewrappedAt]          DATETIME2 (3)       NULL,
    [RevokedAt]            DATETIME2 (3)       NULL,
    [RevokedByUserId]      INT                 NULL,
    [UpdatedAt]            DATETIME2 (3)       NOT NULL CONSTRAINT [DF_ProviderCredential_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [RowVersion]           ROWVERSION          NOT NULL,
    CONSTRAINT [PK_ProviderCredential] PRIMARY KEY CLUSTERED ([ProviderCredentialId] ASC),
    CONSTRAINT [FK_ProviderCredential_Organization] FOREIGN KEY ([OrganizationId]) REFERENCES [tenancy].[Organization] ([OrganizationId]),
    CONSTRAINT [FK_ProviderCredential_Provider] FOREIGN KEY ([ProviderId]) REFERENCES [catalog].[Provider] ([ProviderId]),
    CONSTRAINT [FK_ProviderCredential_User_CreatedBy] FOREIGN KEY ([CreatedByUserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [FK_ProviderCredential_User_RevokedBy] FOREIGN KEY ([RevokedByUserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [CK_ProviderCredential_LabelNotBlank] CHECK (LEN(LTRIM(RTRIM([Label]))) > 0),
    -- "<key reference>/<version>": printable ASCII without spaces, and a non-empty last segment after a slash that names
    -- the KEK version, so a rotation job can find every data key wrapped by one version.
    CONSTRAINT [CK_ProviderCredential_KeyIdShape] CHECK (
        LEN([KeyId]) BETWEEN 3 AND 256
        AND [KeyId] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^!-~]%'
        AND CHARINDEX('/', [KeyId]) > 1
        AND RIGHT([KeyId], 1) <> '/'),
    -- A wrapped 256-bit data key is at least 40 bytes (32 + the smallest key-wrap overhead, RFC 3394 AES key wrap).
    CONSTRAINT [CK_ProviderCredential_WrappedDataKeyLength] CHECK (DATALENGTH([WrappedDataKey]) >= 40),
    -- Envelope format version 1: 0x01 | 12-byte nonce | 16-byte tag | at least one byte of ciphertext. A new format
    -- version widens this check (adds its byte); a rollback must keep accepting every version an earlier release wrote.
    CONSTRAINT [CK_ProviderCredential_CiphertextIsEnvelope] CHECK (
        SUBSTRING([Ciphertext], 1, 1) = 0x01
        AND DATALENGTH([Ciphertext]) >= 30),
    CONSTRAINT [CK_ProviderCredential_RewrappedAfterCreated] CHECK ([RewrappedAt] IS NULL OR [RewrappedAt] >= [CreatedAt]),
    CONSTRAINT [CK_ProviderCredential_RevokedAfterCreated] CHECK ([RevokedAt] IS NULL OR [RevokedAt] >= [CreatedAt]),
    CONSTRAINT [CK_ProviderCredential_RevokedByWithRevokedAt] CHECK ([RevokedByUserId] IS NULL OR [RevokedAt] IS NOT NULL)
);
GO

-- At most one unrevoked credential per organization, provider and label: tenancy.StoreProviderCredential revokes the
-- old one and inserts the new one in one transaction. Also the read path of tenancy.GetProviderCredential.
CREATE UNIQUE NONCLUSTERED INDEX [UQ_ProviderCredential_Organization_Provider_Label_Unrevoked]
    ON [tenancy].[ProviderCredential] ([OrganizationId] ASC, [ProviderId] ASC, [Label] ASC)
    WHERE [RevokedAt] IS NULL;
GO

-- Supports FK_ProviderCredential_Organization for every row (the unique index above holds only unrevoked ones) and
-- tenancy.ListProviderCredentials, which lists revoked credentials too.
CREATE NONCLUSTERED INDEX [IX_ProviderCredential_Organization_Provider]
    ON [tenancy].[ProviderCredential] ([OrganizationId] ASC, [ProviderId] ASC);
GO

CREATE NONCLUSTERED INDEX [IX_ProviderCredential_Provider]
    ON [tenancy].[ProviderCredential] ([ProviderId] ASC);
GO

CREATE NONCLUSTERED INDEX [IX_ProviderCredential_CreatedByUser]
    ON [tenancy].[ProviderCredential] ([CreatedByUserId] ASC);
GO

CREATE NONCLUSTERED INDEX [IX_ProviderCredential_RevokedByUser]
    ON [tenancy].[ProviderCredential] ([RevokedByUserId] ASC)
    WHERE [RevokedByUserId] IS NOT NULL;
GO

-- The rotation job's lookup (tenancy.ListProviderCredentialsByKeyId): unrevoked credentials wrapped by one KEK version.
CREATE NONCLUSTERED INDEX [IX_ProviderCredential_KeyId]
    ON [tenancy].[ProviderCredential] ([KeyId] ASC)
    WHERE [RevokedAt] IS NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Provider API keys (OpenAI, Anthropic, ...) an organization brings, encrypted by the application (envelope encryption, docs/security.md): the ciphertext of the key under a per-secret AES-256-GCM data key, and that data key wrapped by a key-encryption key held outside the database. No column holds the plaintext; read only through tenancy.GetProviderCredential.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the credential version; storing a new key under the same label creates a new row.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'ProviderCredentialId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The organization that owns the provider key; bound into the ciphertext''s associated data, so a ciphertext copied to another organization does not decrypt.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The provider the key is for (catalog.Provider); bound into the ciphertext''s associated data like the organization.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'ProviderId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Non-secret name the organization gives the key (e.g. N''default'', N''batch''); at most one unrevoked credential per organization, provider and label. Never a part of the key.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'Label';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Identifier of the key-encryption key version that wrapped the data key, "<key reference>/<version>" (printable ASCII, no spaces); not secret. Changes when the data key is re-wrapped under a new KEK version.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'KeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The per-secret AES-256 data key, encrypted (wrapped) by the key-encryption key named by KeyId; opaque bytes in the KEK''s own format. Useless without the KEK, which never enters the database.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'WrappedDataKey';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The provider key encrypted with AES-256-GCM under the data key: version byte 0x01 | 12-byte nonce | 16-byte tag | ciphertext (docs/security.md). Its associated data binds organization, provider and format version.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'Ciphertext';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The owner or admin who stored this credential version.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'CreatedByUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the credential version was stored (UTC).',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the data key was last re-wrapped under a new key-encryption key version (UTC); the ciphertext is unchanged by a re-wrap. NULL = never re-wrapped.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'RewrappedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the credential was revoked (UTC): replaced by a newer version of the same label or revoked explicitly; never returned by tenancy.GetProviderCredential again. NULL = live.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'RevokedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The user who revoked the credential or stored its replacement; only set together with RevokedAt.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'RevokedByUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row last changed (re-wrap or revocation, UTC).',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'ProviderCredential',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
