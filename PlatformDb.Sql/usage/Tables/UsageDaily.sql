/*
Daily totals per organization, model and UTC day. Rewritten a whole day at a time (all organizations) by
usage.RecomputeUsageDaily from usage.UsageHourly; outlives the raw rows, which are purged after the retention period.
Which days are final is in usage.UsageDayStatus.
*/
CREATE TABLE [usage].[UsageDaily]
(
    [OrganizationId]        INT             NOT NULL,
    [ModelId]               INT             NOT NULL,
    [UsageDay]              DATE            NOT NULL,
    [RequestCount]          BIGINT          NOT NULL,
    [PromptTokens]          BIGINT          NOT NULL,
    [CompletionTokens]      BIGINT          NOT NULL,
    [CachedTokens]          BIGINT          NOT NULL,
    [ErrorCount]            BIGINT          NOT NULL,
    [LatencyMsSum]          BIGINT          NOT NULL,
    [TimeToFirstTokenMsSum] BIGINT          NOT NULL,
    [TimeToFirstTokenCount] BIGINT          NOT NULL,
    [CostAmount]            DECIMAL (19, 6) NOT NULL,
    [Currency]              CHAR (3)        NOT NULL CONSTRAINT [DF_UsageDaily_Currency] DEFAULT ('USD'),
    [ComputedAt]            DATETIME2 (3)   NOT NULL,
    -- Trends read one organization over a range of days: seek on the organization, ordered range on the day.
    CONSTRAINT [PK_UsageDaily] PRIMARY KEY CLUSTERED ([OrganizationId] ASC, [UsageDay] ASC, [ModelId] ASC),
    CONSTRAINT [CK_UsageDaily_CountsNonNegative] CHECK (
        [RequestCount] >= 0 AND [PromptTokens] >= 0 AND [CompletionTokens] >= 0 AND [CachedTokens] >= 0
        AND [LatencyMsSum] >= 0 AND [TimeToFirstTokenMsSum] >= 0 AND [TimeToFirstTokenCount] >= 0 AND [CostAmount] >= 0),
    CONSTRAINT [CK_UsageDaily_ErrorsWithinRequests] CHECK ([ErrorCount] >= 0 AND [ErrorCount] <= [RequestCount])
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Daily usage totals per organization, model and UTC day; kept after the raw events are purged.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Organization.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Model.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'UTC day.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'UsageDay';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Requests of the day.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'RequestCount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of input tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'PromptTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of output tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'CompletionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of cached input tokens.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'CachedTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Requests with StatusCode >= 400.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'ErrorCount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of latencies in milliseconds; average = LatencyMsSum / RequestCount.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'LatencyMsSum';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of time to first token over streamed requests.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'TimeToFirstTokenMsSum';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Number of streamed requests (with a time to first token).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'TimeToFirstTokenCount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sum of the costs priced at ingest, in Currency.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'CostAmount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'ISO 4217 currency of CostAmount; USD.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'Currency';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When usage.RecomputeUsageDaily last wrote the row (UTC).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDaily',
    @level2type = N'COLUMN', @level2name = N'ComputedAt';
GO
