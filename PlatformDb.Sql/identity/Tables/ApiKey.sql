CREATE TABLE [identity].[ApiKey]
(
    [ApiKeyId]        INT IDENTITY (1, 1) NOT NULL,
    [OrganizationId]  INT                 NOT NULL,
    [CreatedByUserId] INT                 NOT NULL,
    [Name]            NVARCHAR (100)      NOT NULL,
    [KeyPrefix]       VARCHAR (16)        NOT NULL,
    [KeyHash]         VARBINARY (32)      NOT NULL,
    [Scopes]          NVARCHAR (1000)     NOT NULL CONSTRAINT [DF_ApiKey_Scopes] DEFAULT (N'[]'),
    [CreatedAt]       DATETIME2 (3)       NOT NULL CONSTRAINT [DF_ApiKey_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [ExpiresAt]       DATETIME2 (3)       NULL,
    [RevokedAt]       DATETIME2 (3)       NULL,
    [RevokedByUserId] INT                 NULL,
    [LastUsedAt]      DATETIME2 (3)       NULL,
    [UpdatedAt]       DATETIME2 (3)       NOT NULL CONSTRAINT [DF_ApiKey_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]       DATETIME2 (3)       NULL,
    [RowVersion]      ROWVERSION          NOT NULL,
    -- Appended last (since v1.4.1) so that adding it needs no table rebuild.
    [ReplacedByApiKeyId] INT              NULL,
    CONSTRAINT [PK_ApiKey] PRIMARY KEY CLUSTERED ([ApiKeyId] ASC),
    CONSTRAINT [FK_ApiKey_Organization] FOREIGN KEY ([OrganizationId]) REFERENCES [tenancy].[Organization] ([OrganizationId]),
    CONSTRAINT [FK_ApiKey_User_CreatedBy] FOREIGN KEY ([CreatedByUserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [FK_ApiKey_User_RevokedBy] FOREIGN KEY ([RevokedByUserId]) REFERENCES [identity].[User] ([UserId]),
    -- Composite like FK_Budget_ApiKey: the replacing key belongs to the same organization.
    CONSTRAINT [FK_ApiKey_ApiKey_ReplacedBy] FOREIGN KEY ([OrganizationId], [ReplacedByApiKeyId]) REFERENCES [identity].[ApiKey] ([OrganizationId], [ApiKeyId]),
    CONSTRAINT [UQ_ApiKey_KeyHash] UNIQUE NONCLUSTERED ([KeyHash] ASC),
    CONSTRAINT [UQ_ApiKey_KeyPrefix] UNIQUE NONCLUSTERED ([KeyPrefix] ASC),
    -- Target of billing.Budget's composite foreign key: a budget's key must belong to the budget's organization.
    CONSTRAINT [UQ_ApiKey_Organization_ApiKeyId] UNIQUE NONCLUSTERED ([OrganizationId] ASC, [ApiKeyId] ASC),
    CONSTRAINT [CK_ApiKey_NameNotBlank] CHECK (LEN(LTRIM(RTRIM([Name]))) > 0),
    CONSTRAINT [CK_ApiKey_KeyPrefixShape] CHECK (
        LEN([KeyPrefix]) BETWEEN 8 AND 16
        AND [KeyPrefix] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^A-Za-z0-9_]%'),
    CONSTRAINT [CK_ApiKey_KeyHashIs32Bytes] CHECK (DATALENGTH([KeyHash]) = 32),
    -- Kept exactly as v1.1.0 has it (valid JSON whose first non-space character is '['), on purpose: a rollback to
    -- v1.1.0 re-creates v1.1.0's check and re-validates it WITH CHECK after the post-deployment script, so a value only
    -- this release accepted (e.g. ISJSON([Scopes], ARRAY) would take an array that starts with a tab or newline) would
    -- fail that rollback with error 547. Loosen it only once v1.1.0 is out of the rollback window.
    CONSTRAINT [CK_ApiKey_ScopesIsJsonArray] CHECK (ISJSON([Scopes]) = 1 AND LEFT(LTRIM([Scopes]), 1) = N'['),
    CONSTRAINT [CK_ApiKey_ExpiresAfterCreated] CHECK ([ExpiresAt] IS NULL OR [ExpiresAt] > [CreatedAt]),
    CONSTRAINT [CK_ApiKey_RevokedAfterCreated] CHECK ([RevokedAt] IS NULL OR [RevokedAt] >= [CreatedAt]),
    CONSTRAINT [CK_ApiKey_RevokedByWithRevokedAt] CHECK ([RevokedByUserId] IS NULL OR [RevokedAt] IS NOT NULL),
    CONSTRAINT [CK_ApiKey_LastUsedAfterCreated] CHECK ([LastUsedAt] IS NULL OR [LastUsedAt] >= [CreatedAt]),
    CONSTRAINT [CK_ApiKey_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

CREATE UNIQUE NONCLUSTERED INDEX [UQ_ApiKey_Organization_Name_Live]
    ON [identity].[ApiKey] ([OrganizationId] ASC, [Name] ASC)
    WHERE [DeletedAt] IS NULL;
GO

CREATE NONCLUSTERED INDEX [IX_ApiKey_CreatedByUser]
    ON [identity].[ApiKey] ([CreatedByUserId] ASC);
GO

CREATE NONCLUSTERED INDEX [IX_ApiKey_RevokedByUser]
    ON [identity].[ApiKey] ([RevokedByUserId] ASC)
    WHERE [RevokedByUserId] IS NOT NULL;
GO

-- Supports FK_ApiKey_ApiKey_ReplacedBy and identity.RotateApiKey's re-pointing of the keys a rotated key replaced.
CREATE NONCLUSTERED INDEX [IX_ApiKey_ReplacedBy]
    ON [identity].[ApiKey] ([OrganizationId] ASC, [ReplacedByApiKeyId] ASC)
    WHERE [ReplacedByApiKeyId] IS NOT NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'API keys that services use to call the platform on behalf of an organization. Only a hash of each key is stored; the full key is shown once at creation.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the API key.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The organization the key acts for.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The user who created the key.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'CreatedByUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Label the organization gives the key (unique among the organization''s live keys).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'Name';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Non-secret leading part of the key (8..16 chars of A-Z, a-z, 0-9, _), shown in the UI and logs so a key can be recognised without revealing it; unique.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'KeyPrefix';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'SHA-256 (or HMAC-SHA-256 with a server-side pepper) of the full key, 32 bytes. API keys are long random strings, so one fast hash is enough to make a leaked table useless while keeping the per-request lookup cheap; the plaintext key is never stored.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'KeyHash';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'JSON array of scope strings granted to the key, e.g. ["chat:write"]; [] grants nothing beyond authentication. Source of truth for scopes; elements that are not non-blank strings of at most 400 characters grant nothing and are left out of identity.ApiKeyScope.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'Scopes';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'After this time (UTC) the key is refused as expired; NULL = never expires.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'ExpiresAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the key was revoked (UTC); a revoked key is refused from then on. NULL = not revoked.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'RevokedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The user who revoked the key; only set together with RevokedAt.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'RevokedByUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Deprecated since v1.2.0, no longer written: the last use of a key is in identity.ApiKeyLastUse (so that authentication no longer bumps RowVersion or fires TR_ApiKey_SyncScopes). Kept, with its v1.1.0 values, so that a rollback to v1.1.0 keeps working; dropped by a later contract release.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'LastUsedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the key''s definition (name, scopes, expiry, revocation) last changed (UTC); authentication does not move it.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The newest key that replaced this one through identity.RotateApiKey (same organization, FK_ApiKey_ApiKey_ReplacedBy); NULL = not rotated. Kept one hop from the newest key: a later rotation re-points every key that pointed at the rotated one. billing.RecordRequest charges the replacement''s key budgets for requests made with this key during its grace period.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKey',
    @level2type = N'COLUMN', @level2name = N'ReplacedByApiKeyId';
GO
