/*
Landing table for the C# SqlBulkCopy loader. Deliberately without CHECK constraints, foreign keys or triggers:
SqlBulkCopy does not check constraints by default (it would leave them untrusted) and every rule is applied by
usage.MoveStagedUsageEvents, which validates, prices, deduplicates and moves one batch into usage.UsageEvent and
deletes it from here. Not partitioned and not under an indexed view, so loads need none of the indexed-view rules.
*/
CREATE TABLE [usage].[UsageEventStaging]
(
    [StagingRowId]       BIGINT IDENTITY (1, 1) NOT NULL,
    [BatchId]            UNIQUEIDENTIFIER       NOT NULL,
    [OrganizationId]     INT                    NOT NULL,
    [RequestId]          VARCHAR (64)           COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ApiKeyId]           INT                    NOT NULL,
    [UserId]             INT                    NULL,
    [ModelId]            INT                    NOT NULL,
    [OccurredAt]         DATETIME2 (3)          NOT NULL,
    [PromptTokens]       INT                    NOT NULL,
    [CompletionTokens]   INT                    NOT NULL,
    [CachedTokens]       INT                    NOT NULL,
    [LatencyMs]          INT                    NOT NULL,
    [TimeToFirstTokenMs] INT                    NULL,
    [StatusCode]         SMALLINT               NOT NULL,
    [ErrorClass]         VARCHAR (32)           NULL,
    [Tags]               NVARCHAR (400)         NULL,
    [StagedAt]           DATETIME2 (3)          NOT NULL CONSTRAINT [DF_UsageEventStaging_StagedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_UsageEventStaging] PRIMARY KEY CLUSTERED ([StagingRowId] ASC)
);
GO

-- The mover reads and deletes one batch of one organization.
CREATE NONCLUSTERED INDEX [IX_UsageEventStaging_BatchId_Organization]
    ON [usage].[UsageEventStaging] ([BatchId] ASC, [OrganizationId] ASC);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Landing table for SqlBulkCopy loads of usage events; rows live here only until usage.MoveStagedUsageEvents moves their batch.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key, assigned on load; do not map it in SqlBulkCopy.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'StagingRowId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The loader''s batch; one batch holds the rows of one organization and is moved by usage.MoveStagedUsageEvents.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'BatchId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Organization the request is billed to.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Gateway request id.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'RequestId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'API key that made the request.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'User on whose behalf, or NULL.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Model called.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the request happened (UTC).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'OccurredAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Input tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'PromptTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Output tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'CompletionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Cached input tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'CachedTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Total latency in milliseconds.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'LatencyMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Milliseconds to the first streamed token, or NULL.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'TimeToFirstTokenMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'HTTP status returned to the client.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'StatusCode';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Error class, or NULL.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'ErrorClass';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Caller tags as a JSON object, or NULL.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'Tags';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was loaded (UTC); do not map it.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventStaging',
    @level2type = N'COLUMN', @level2name = N'StagedAt';
GO
