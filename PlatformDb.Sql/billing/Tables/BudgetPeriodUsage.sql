CREATE TABLE [billing].[BudgetPeriodUsage]
(
    [BudgetId]      INT             NOT NULL,
    [PeriodStart]   DATE            NOT NULL,
    [SpentAmount]   DECIMAL (19, 6) NOT NULL CONSTRAINT [DF_BudgetPeriodUsage_SpentAmount] DEFAULT (0),
    [SpentTokens]   BIGINT          NOT NULL CONSTRAINT [DF_BudgetPeriodUsage_SpentTokens] DEFAULT (0),
    [AlertRaisedAt] DATETIME2 (3)   NULL,
    [CreatedAt]     DATETIME2 (3)   NOT NULL CONSTRAINT [DF_BudgetPeriodUsage_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]     DATETIME2 (3)   NOT NULL CONSTRAINT [DF_BudgetPeriodUsage_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [RowVersion]    ROWVERSION      NOT NULL,
    CONSTRAINT [PK_BudgetPeriodUsage] PRIMARY KEY CLUSTERED ([BudgetId] ASC, [PeriodStart] ASC),
    CONSTRAINT [FK_BudgetPeriodUsage_Budget] FOREIGN KEY ([BudgetId]) REFERENCES [billing].[Budget] ([BudgetId]),
    CONSTRAINT [CK_BudgetPeriodUsage_SpentAmountNonNegative] CHECK ([SpentAmount] >= 0),
    CONSTRAINT [CK_BudgetPeriodUsage_SpentTokensNonNegative] CHECK ([SpentTokens] >= 0)
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Running consumption of a budget in one period; written only by billing.ConsumeBudget, one row per (budget, period start).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The budget consumed.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'BudgetId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'First day (UTC date) of the period: the day, the Monday of the ISO week, the first of the month, or the budget''s creation date for lifetime budgets.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'PeriodStart';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Money consumed in the period so far, in the budget''s Currency.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'SpentAmount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Tokens consumed in the period so far.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'SpentTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When consumption first crossed the budget''s AlertThreshold in this period (UTC); NULL = not yet. Set once, so the alert fires once per period.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'AlertRaisedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'BudgetPeriodUsage',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
