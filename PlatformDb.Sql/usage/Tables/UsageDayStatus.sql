-- Which UTC days usage.RecomputeUsageDaily has written, and whether each is final (can receive no more events).
CREATE TABLE [usage].[UsageDayStatus]
(
    [UsageDay]   DATE          NOT NULL,
    [ComputedAt] DATETIME2 (3) NOT NULL,
    [IsFinal]    BIT           NOT NULL,
    CONSTRAINT [PK_UsageDayStatus] PRIMARY KEY CLUSTERED ([UsageDay] ASC)
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per UTC day whose usage.UsageDaily rows have been computed; trends read final days from usage.UsageDaily and the others from usage.UsageHourly.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDayStatus';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'UTC day.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDayStatus',
    @level2type = N'COLUMN', @level2name = N'UsageDay';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the day was last recomputed (UTC).',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDayStatus',
    @level2type = N'COLUMN', @level2name = N'ComputedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'1 when the day was recomputed after it closed (UsageDay + 3 days + 1 hour: the day itself, the 2-day late-arrival window and an hour of grace) or by the purge; its daily rows are then complete.',
    @level0type = N'SCHEMA', @level0name = N'usage', @level1type = N'TABLE', @level1name = N'UsageDayStatus',
    @level2type = N'COLUMN', @level2name = N'IsFinal';
GO
