/*
v1.1.0 (expand): scopes of an API key as rows, so "which keys carry scope X" is an index seek instead of a JSON
scan. During the dual-write window identity.ApiKey.Scopes stays the source of truth; this table is its
projection, kept current by TR_ApiKey_SyncScopes and rebuilt by the post-deployment backfill. That is what makes
a rollback to v1.0.0 lossless: dropping this table loses nothing the JSON column does not hold.
v1.2.0: only valid scopes are projected (identity.ScopeProjection): elements that are not strings, blank, longer than
400 characters or a case/trailing-space duplicate of an earlier element are skipped instead of failing the write.
Rows go with their key on a hard delete (ON DELETE CASCADE).
*/
CREATE TABLE [identity].[ApiKeyScope]
(
    [ApiKeyId]  INT            NOT NULL,
    [Scope]     NVARCHAR (400) NOT NULL,
    [CreatedAt] DATETIME2 (3)  NOT NULL CONSTRAINT [DF_ApiKeyScope_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_ApiKeyScope] PRIMARY KEY CLUSTERED ([ApiKeyId] ASC, [Scope] ASC),
    CONSTRAINT [FK_ApiKeyScope_ApiKey] FOREIGN KEY ([ApiKeyId]) REFERENCES [identity].[ApiKey] ([ApiKeyId]) ON DELETE CASCADE,
    CONSTRAINT [CK_ApiKeyScope_ScopeNotBlank] CHECK (LEN(LTRIM(RTRIM([Scope]))) > 0)
);
GO

CREATE NONCLUSTERED INDEX [IX_ApiKeyScope_Scope]
    ON [identity].[ApiKeyScope] ([Scope] ASC);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per valid scope granted to an API key: the indexed projection of identity.ApiKey.Scopes (source of truth until the contract release). Holds only valid scopes: array elements that are not strings (numbers, booleans, null, arrays, objects), blank, longer than 400 characters, or equal to an earlier element under the database collation (case, trailing spaces) are skipped, silently by TR_ApiKey_SyncScopes and with a report by the post-deployment backfill. Write scopes through identity.GrantApiKeyScope / identity.RevokeApiKeyScope.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The API key that carries the scope.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'A scope string from the key''s Scopes JSON array, e.g. chat:write; compared case-insensitively and without trailing spaces (database collation), so case variants of one scope are one row, spelled as the first of them in the array. At most 400 characters, never blank.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'Scope';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the scope row was created (UTC); for a backfilled row, when the backfill ran.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'ApiKeyScope',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO
