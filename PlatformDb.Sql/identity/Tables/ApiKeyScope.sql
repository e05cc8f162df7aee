/*
v1.1.0 (expand): scopes of an API key as rows, so "which keys carry scope X" is an index seek instead of a JSON
scan. During the dual-write window identity.ApiKey.Scopes stays the source of truth; this table is its
projection, kept current by TR_ApiKey_SyncScopes and rebuilt by the post-deployment backfill. That is what makes
a rollback to v1.0.0 lossless: dropping this table loses nothing the JSON column does not hold.
*/
CREATE TABLE [identity].[ApiKeyScope]
(
    [ApiKeyId]  INT            NOT NULL,
    [Scope]     NVARCHAR (400) NOT NULL,
    [CreatedAt] DATETIME2 (3)  NOT NULL CONSTRAINT [DF_ApiKeyScope_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_ApiKeyScope] PRIMARY KEY CLUSTERED ([ApiKeyId] ASC, [Scope] ASC),
    CONSTRAINT [FK_ApiKeyScope_ApiKey] FOREIGN KEY ([ApiKeyId]) REFERENCES [identity].[ApiKey] ([ApiKeyId]),
    CONSTRAINT [CK_ApiKeyScope_ScopeNotBlank] CHECK (LEN(LTRIM(RTRIM([Scope]))) > 0)
);
GO

CREATE NONCLUSTERED INDEX [IX_ApiKeyScope_Scope]
    ON [identity].[ApiKeyScope] ([Scope] ASC);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per scope granted to an API key: the indexed projection of identity.ApiKey.Scopes (source of truth until the contract release). Maintained by TR_ApiKey_SyncScopes and the post-deployment backfill; write scopes through identity.GrantApiKeyScope / identity.RevokeApiKeyScope.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The API key that carries the scope.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'A scope string from the key''s Scopes JSON array, e.g. chat:write; compared case-insensitively. At most 400 characters.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'Scope';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the scope row was created (UTC); for a backfilled row, when the backfill ran.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO
