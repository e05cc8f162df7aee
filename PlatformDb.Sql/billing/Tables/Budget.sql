CREATE TABLE [billing].[Budget]
(
    [BudgetId]       INT IDENTITY (1, 1) NOT NULL,
    [OrganizationId] INT                 NOT NULL,
    [ScopeType]      VARCHAR (12)        NOT NULL,
    [UserId]         INT                 NULL,
    [ApiKeyId]       INT                 NULL,
    [Period]         VARCHAR (10)        NOT NULL,
    [Currency]       CHAR (3)            NOT NULL CONSTRAINT [DF_Budget_Currency] DEFAULT ('USD'),
    [LimitAmount]    DECIMAL (19, 6)     NULL,
    [LimitTokens]    BIGINT              NULL,
    [AlertThreshold] DECIMAL (5, 4)      NULL,
    [HardStop]       BIT                 NOT NULL CONSTRAINT [DF_Budget_HardStop] DEFAULT (1),
    [CreatedAt]      DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Budget_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]      DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Budget_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]      DATETIME2 (3)       NULL,
    [RowVersion]     ROWVERSION          NOT NULL,
    CONSTRAINT [PK_Budget] PRIMARY KEY CLUSTERED ([BudgetId] ASC),
    CONSTRAINT [FK_Budget_Organization] FOREIGN KEY ([OrganizationId]) REFERENCES [tenancy].[Organization] ([OrganizationId]),
    CONSTRAINT [FK_Budget_User] FOREIGN KEY ([UserId]) REFERENCES [identity].[User] ([UserId]),
    -- Composite: the key must belong to the budget's organization. Not checked while ApiKeyId is NULL.
    CONSTRAINT [FK_Budget_ApiKey] FOREIGN KEY ([OrganizationId], [ApiKeyId]) REFERENCES [identity].[ApiKey] ([OrganizationId], [ApiKeyId]),
    CONSTRAINT [CK_Budget_ScopeTypeKnown] CHECK ([ScopeType] IN ('organization', 'user', 'apikey')),
    CONSTRAINT [CK_Budget_ScopeMatchesTarget] CHECK (
           ([ScopeType] = 'organization' AND [UserId] IS NULL AND [ApiKeyId] IS NULL)
        OR ([ScopeType] = 'user' AND [UserId] IS NOT NULL AND [ApiKeyId] IS NULL)
        OR ([ScopeType] = 'apikey' AND [ApiKeyId] IS NOT NULL AND [UserId] IS NULL)),
    CONSTRAINT [CK_Budget_PeriodKnown] CHECK ([Period] IN ('daily', 'weekly', 'monthly', 'lifetime')),
    CONSTRAINT [CK_Budget_CurrencyIsIso4217Shape] CHECK ([Currency] COLLATE Latin1_General_100_BIN2 LIKE '[A-Z][A-Z][A-Z]'),
    CONSTRAINT [CK_Budget_LimitAmountPositive] CHECK ([LimitAmount] IS NULL OR [LimitAmount] > 0),
    CONSTRAINT [CK_Budget_LimitTokensPositive] CHECK ([LimitTokens] IS NULL OR [LimitTokens] > 0),
    CONSTRAINT [CK_Budget_HasLimit] CHECK ([LimitAmount] IS NOT NULL OR [LimitTokens] IS NOT NULL),
    CONSTRAINT [CK_Budget_AlertThresholdBetween0And1] CHECK ([AlertThreshold] IS NULL OR ([AlertThreshold] > 0 AND [AlertThreshold] <= 1)),
    CONSTRAINT [CK_Budget_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

-- Leads with OrganizationId: also lists an organization's live budgets (FK_Budget_Organization, see docs/indexing.md).
CREATE UNIQUE NONCLUSTERED INDEX [UQ_Budget_Scope_Live]
    ON [billing].[Budget] ([OrganizationId] ASC, [ScopeType] ASC, [UserId] ASC, [ApiKeyId] ASC, [Period] ASC)
    WHERE [DeletedAt] IS NULL;
GO

CREATE NONCLUSTERED INDEX [IX_Budget_User]
    ON [billing].[Budget] ([UserId] ASC)
    WHERE [UserId] IS NOT NULL;
GO

CREATE NONCLUSTERED INDEX [IX_Budget_Organization_ApiKey]
    ON [billing].[Budget] ([OrganizationId] ASC, [ApiKeyId] ASC)
    WHERE [ApiKeyId] IS NOT NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Spending limits of an organization, of one user in it, or of one API key of it, per period. Consumption is tracked in billing.BudgetPeriodUsage through billing.ConsumeBudget.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the budget.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'BudgetId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The organization the budget belongs to (also for user and API-key budgets).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'What the budget limits: organization (the whole org), user (UserId) or apikey (ApiKeyId).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'ScopeType';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The limited user when ScopeType = user; NULL otherwise.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The limited API key when ScopeType = apikey; NULL otherwise. Must be a key of OrganizationId (FK_Budget_ApiKey).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'ApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Length of a budget period: daily (UTC date), weekly (ISO week, Monday start), monthly (calendar month) or lifetime (never resets).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'Period';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'ISO 4217 code of LimitAmount and of the amounts consumed against it.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'Currency';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Maximum spend per period in Currency; NULL = no money limit.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'LimitAmount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Maximum tokens per period; NULL = no token limit. At least one of LimitAmount and LimitTokens is set.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'LimitTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Fraction of a limit (0 < x <= 1, e.g. 0.8000) at which an alert is raised once per period; NULL = no alert.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'AlertThreshold';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'1 = consumption that would exceed a limit is refused (error 50202); 0 = it is recorded anyway (soft budget).',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'HardStop';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC); its date starts the single period of a lifetime budget.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'billing', @level1type = N'TABLE', @level1name = N'Budget',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
