CREATE TABLE [catalog].[ModelPrice]
(
    [ModelPriceId]                INT IDENTITY (1, 1) NOT NULL,
    [ModelId]                     INT                 NOT NULL,
    [Currency]                    CHAR (3)            NOT NULL CONSTRAINT [DF_ModelPrice_Currency] DEFAULT ('USD'),
    [InputPricePerMillionTokens]  DECIMAL (19, 6)     NOT NULL,
    [OutputPricePerMillionTokens] DECIMAL (19, 6)     NOT NULL,
    [EffectiveFrom]               DATETIME2 (3)       NOT NULL,
    [EffectiveTo]                 DATETIME2 (3)       NULL,
    [CreatedAt]                   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_ModelPrice_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_ModelPrice] PRIMARY KEY CLUSTERED ([ModelPriceId] ASC),
    CONSTRAINT [FK_ModelPrice_Model] FOREIGN KEY ([ModelId]) REFERENCES [catalog].[Model] ([ModelId]),
    -- Serves FK_ModelPrice_Model and "price of a model at time T" (seek, then the last EffectiveFrom <= T).
    CONSTRAINT [UQ_ModelPrice_Model_Currency_EffectiveFrom] UNIQUE NONCLUSTERED ([ModelId] ASC, [Currency] ASC, [EffectiveFrom] ASC),
    CONSTRAINT [CK_ModelPrice_CurrencyIsIso4217Shape] CHECK ([Currency] COLLATE Latin1_General_100_BIN2 LIKE '[A-Z][A-Z][A-Z]'),
    CONSTRAINT [CK_ModelPrice_InputPriceNonNegative] CHECK ([InputPricePerMillionTokens] >= 0),
    CONSTRAINT [CK_ModelPrice_OutputPriceNonNegative] CHECK ([OutputPricePerMillionTokens] >= 0),
    CONSTRAINT [CK_ModelPrice_EffectiveToAfterFrom] CHECK ([EffectiveTo] IS NULL OR [EffectiveTo] > [EffectiveFrom])
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Effective-dated price list of a model per currency. Append-mostly: a price change adds a row and closes the previous one with EffectiveTo.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the price row.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'ModelPriceId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The model this price applies to.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'ISO 4217 currency code of the prices (three upper-case letters), e.g. USD.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'Currency';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Price of one million input (prompt) tokens, in Currency.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'InputPricePerMillionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Price of one million output (completion) tokens, in Currency.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'OutputPricePerMillionTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'First instant (UTC, inclusive) at which this price applies.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'EffectiveFrom';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Instant (UTC, exclusive) at which this price stops applying; NULL = still current.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'EffectiveTo';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'ModelPrice',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO
