/*
v1.2.0 (expand): the last successful authentication of a key, apart from identity.ApiKey so that the write
authentication makes (at most once a minute per key) no longer bumps ApiKey.RowVersion, fails concurrent editors'
optimistic-concurrency checks or fires TR_ApiKey_SyncScopes. ApiKey.LastUsedAt stays, no longer written, so a
rollback to v1.1.0 keeps working; PostDeploy/Migrations/ApiKeyLastUseBackfill.sql copies it here on every publish.
*/
CREATE TABLE [identity].[ApiKeyLastUse]
(
    [ApiKeyId]   INT           NOT NULL,
    [LastUsedAt] DATETIME2 (3) NOT NULL,
    CONSTRAINT [PK_ApiKeyLastUse] PRIMARY KEY CLUSTERED ([ApiKeyId] ASC),
    CONSTRAINT [FK_ApiKeyLastUse_ApiKey] FOREIGN KEY ([ApiKeyId]) REFERENCES [identity].[ApiKey] ([ApiKeyId]) ON DELETE CASCADE
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When each API key was last used: one row per key that has authenticated, written by identity.AuthenticateApiKey at most once a minute per key. Replaces identity.ApiKey.LastUsedAt (deprecated) since v1.2.0.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyLastUse';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The API key (primary key; the row goes with the key on a hard delete).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyLastUse',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Last successful authentication (UTC), never before the key''s CreatedAt; moved forward only when the stored time is more than a minute older, so it lags the true last use by at most a minute.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyLastUse',
    @level2type = N'COLUMN', @level2name = N'LastUsedAt';
GO
