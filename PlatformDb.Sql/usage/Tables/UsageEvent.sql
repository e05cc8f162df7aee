/*
One row per API request. Partitioned by day on HourBucket (PS_UsageDay); usage.UsageHourly keeps hourly totals of it
as rows arrive. Written only by the usage ingest procedures; no role may read it (trends go through usage.GetUsage*).
Because an indexed view references it: no TRUNCATE (retention is SWITCH, usage.PurgeUsagePartitions), no row-level
security, no tSQLt.FakeTable, and every write needs QUOTED_IDENTIFIER ON and the other indexed-view SET options.
*/
CREATE TABLE [usage].[UsageEvent]
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
    [Currency]           CHAR (3)               NOT NULL CONSTRAINT [DF_UsageEvent_Currency] DEFAULT ('USD'),
    [ModelPriceId]       INT                    NOT NULL,
    [Tags]               NVARCHAR (400)         NULL,
    [IngestedAt]         DATETIME2 (3)          NOT NULL CONSTRAINT [DF_UsageEvent_IngestedAt] DEFAULT (SYSUTCDATETIME()),
    -- Clustered on time first: inserts land at the end of today's partition, range scans by hour read it in order.
    -- Every unique key holds HourBucket, the partitioning column (error 1908 otherwise; tested offline).
    CONSTRAINT [PK_UsageEvent] PRIMARY KEY CLUSTERED ([HourBucket] ASC, [UsageEventId] ASC) ON [PS_UsageDay] ([HourBucket]),
    -- Idempotency: a retry carries the same OccurredAt, hence the same HourBucket (docs/analytics.md).
    CONSTRAINT [UQ_UsageEvent_Organization_RequestId_HourBucket] UNIQUE NONCLUSTERED ([OrganizationId] ASC, [RequestId] ASC, [HourBucket] ASC) ON [PS_UsageDay] ([HourBucket]),
    CONSTRAINT [CK_UsageEvent_HourBucketIsHour] CHECK (DATEPART(MINUTE, [HourBucket]) = 0 AND DATEPART(SECOND, [HourBucket]) = 0),
    CONSTRAINT [CK_UsageEvent_OccurredAtInHourBucket] CHECK ([OccurredAt] >= [HourBucket] AND [OccurredAt] < DATEADD(HOUR, 1, [HourBucket])),
    CONSTRAINT [CK_UsageEvent_RequestIdNotBlank] CHECK (LEN([RequestId]) > 0),
    CONSTRAINT [CK_UsageEvent_ShardBetween0And7] CHECK ([Shard] BETWEEN 0 AND 7),
    CONSTRAINT [CK_UsageEvent_TokensNonNegative] CHECK ([PromptTokens] >= 0 AND [CompletionTokens] >= 0 AND [CachedTokens] >= 0),
    CONSTRAINT [CK_UsageEvent_LatencyNonNegative] CHECK ([LatencyMs] >= 0),
    CONSTRAINT [CK_UsageEvent_TimeToFirstTokenWithinLatency] CHECK ([TimeToFirstTokenMs] IS NULL OR ([TimeToFirstTokenMs] >= 0 AND [TimeToFirstTokenMs] <= [LatencyMs])),
    CONSTRAINT [CK_UsageEvent_StatusCodeIsHttp] CHECK ([StatusCode] BETWEEN 100 AND 599),
    CONSTRAINT [CK_UsageEvent_ErrorClassShape] CHECK ([ErrorClass] IS NULL OR (LEN([ErrorClass]) > 0 AND [ErrorClass] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^a-z0-9_]%')),
    CONSTRAINT [CK_UsageEvent_CostNonNegative] CHECK ([CostAmount] >= 0),
    CONSTRAINT [CK_UsageEvent_CurrencyIsUsd] CHECK ([Currency] = 'USD'),
    CONSTRAINT [CK_UsageEvent_TagsIsJsonObject] CHECK ([Tags] IS NULL OR ISJSON([Tags], OBJECT) = 1)
) ON [PS_UsageDay] ([HourBucket]);
GO

-- Trends filtered by API key (the rollups do not carry the key): covering, so the raw fallback needs no lookups.
CREATE NONCLUSTERED INDEX [IX_UsageEvent_Organization_ApiKey_HourBucket]
    ON [usage].[UsageEvent] ([OrganizationId] ASC, [ApiKeyId] ASC, [HourBucket] ASC)
    INCLUDE ([ModelId], [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [CostAmount])
    ON [PS_UsageDay] ([HourBucket]);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per API request: who, which model, when, tokens, latency, status and the cost priced at ingest. Partitioned by day on HourBucket; kept for the retention period, then switched out by usage.PurgeUsagePartitions.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key, ever-increasing; second column of the clustered key after HourBucket.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'UsageEventId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'OccurredAt truncated to the hour (UTC), set by the ingest procedures; the partitioning column (daily partitions) and the hour the rollup view groups by.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'HourBucket';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the request happened (UTC), as the gateway stamped it; a retry must send the same value, because the idempotency key holds its hour.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'OccurredAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Organization the request is billed to (tenancy.Organization; checked by ingest, no foreign key on this table).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'API key that made the request; belongs to OrganizationId (checked by ingest).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'User on whose behalf the request ran, when the gateway knows one; NULL otherwise.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Model called (catalog.Model; checked by ingest).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Gateway request id (binary collation); with OrganizationId and HourBucket the idempotency key.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'RequestId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'CHECKSUM(RequestId) & 7, 0..7, set by ingest: part of the hourly view key so that concurrent writers of one organization, model and hour update eight view rows instead of one.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'Shard';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Input tokens of the request, >= 0.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'PromptTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Output tokens of the request, >= 0.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'CompletionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Cached input tokens the provider reported, >= 0; not priced separately (the catalog has no cached-token price).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'CachedTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Total latency of the request in milliseconds, >= 0.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'LatencyMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Milliseconds to the first streamed token, at most LatencyMs; NULL for a request that did not stream.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'TimeToFirstTokenMs';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'HTTP status returned to the client (100..599); 400 and above count as errors in the rollups.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'StatusCode';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Short machine-readable error class (lower-case a-z, 0-9, _), e.g. rate_limit; NULL when none.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'ErrorClass';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Cost of the request in Currency, computed once at ingest from the catalog.ModelPrice row effective at OccurredAt: ROUND((PromptTokens x input price + CompletionTokens x output price) / 1,000,000, 6). A later price change never rewrites it.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'CostAmount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'ISO 4217 currency of CostAmount; always USD (the ingest prices in USD).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'Currency';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The catalog.ModelPrice row that priced the request.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'ModelPriceId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optional caller tags as a JSON object, at most 400 characters; not aggregated.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'Tags';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was written (UTC).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageEvent',
    @level2type = N'COLUMN', @level2name = N'IngestedAt';
GO
