/*
Switch-out target of usage.PurgeUsagePartitions: the same columns (names, types, nullability, identity, order) and the
same indexes on the same partition scheme as usage.UsageEvent, plus the matching indexed view usage.UsagePurgeHourly,
so that ALTER TABLE ... SWITCH PARTITION moves a day of rows and its view rows together (errors 4947, 11402/11404
otherwise). No CHECK or DEFAULT constraints: they matter only when switching in. Empty outside a running purge.
*/
CREATE TABLE [usage].[UsageEventPurge]
(
    [UsageEventId]       BIGINT IDENTITY (1, 1) NOT NULL,
    [HourBucket]         DATETIME2 (0)          NOT NULL,
    [OccurredAt]         DATETIME2 (3)          NOT NULL,
    [OrganizationId]     INT                    NOT NULL,
    [ApiKeyId]           INT                    NOT NULL,
    [UserId]             INT                    NULL,
    [ModelId]            INT                    NOT NULL,
    [RequestId]          VARCHAR (64)           COLLATE Latin1_General_100_BIN2 NOT NULL,
    [Shard]              TINYINT                NOT NULL,
    [PromptTokens]       INT                    NOT NULL,
    [CompletionTokens]   INT                    NOT NULL,
    [CachedTokens]       INT                    NOT NULL,
    [LatencyMs]          INT                    NOT NULL,
    [TimeToFirstTokenMs] INT                    NULL,
    [StatusCode]         SMALLINT               NOT NULL,
    [ErrorClass]         VARCHAR (32)           NULL,
    [CostAmount]         DECIMAL (19, 6)        NOT NULL,
    [Currency]           CHAR (3)               NOT NULL,
    [ModelPriceId]       INT                    NOT NULL,
    [Tags]               NVARCHAR (400)         NULL,
    [IngestedAt]         DATETIME2 (3)          NOT NULL,
    -- Clustered on time first: inserts land at the end of today's partition, range scans by hour read it in order.
    -- Every unique key holds HourBucket, the partitioning column (error 1908 otherwise; tested offline).
    CONSTRAINT [PK_UsageEventPurge] PRIMARY KEY CLUSTERED ([HourBucket] ASC, [UsageEventId] ASC) ON [PS_UsageDay] ([HourBucket]),
    -- Idempotency: a retry carries the same OccurredAt, hence the same HourBucket (docs/analytics.md).
    CONSTRAINT [UQ_UsageEventPurge_Organization_RequestId_HourBucket] UNIQUE NONCLUSTERED ([OrganizationId] ASC, [RequestId] ASC, [HourBucket] ASC) ON [PS_UsageDay] ([HourBucket])

) ON [PS_UsageDay] ([HourBucket]);
GO

-- Trends filtered by API key (the rollups do not carry the key): covering, so the raw fallback needs no lookups.
CREATE NONCLUSTERED INDEX [IX_UsageEventPurge_Organization_ApiKey_HourBucket]
    ON [usage].[UsageEventPurge] ([OrganizationId] ASC, [ApiKeyId] ASC, [HourBucket] ASC)
    INCLUDE ([ModelId], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [CostAmount])
    ON [PS_UsageDay] ([HourBucket]);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Switch-out target of the usage purge; mirrors usage.UsageEvent column for column. Always empty except while usage.PurgeUsagePartitions runs; nobody but dbo touches it.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.UsageEventId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'UsageEventId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.HourBucket.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'HourBucket';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.OccurredAt.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'OccurredAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.OrganizationId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.ApiKeyId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.UserId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.ModelId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.RequestId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'RequestId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.Shard.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'Shard';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.PromptTokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'PromptTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.CompletionTokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'CompletionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.CachedTokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'CachedTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.LatencyMs.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'LatencyMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.TimeToFirstTokenMs.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'TimeToFirstTokenMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.StatusCode.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'StatusCode';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.ErrorClass.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'ErrorClass';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.CostAmount.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'CostAmount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.Currency.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'Currency';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.ModelPriceId.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'ModelPriceId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.Tags.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'Tags';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'As usage.UsageEvent.IngestedAt.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEventPurge',
    @level2type = N'COLUMN', @level2name = N'IngestedAt';
GO
