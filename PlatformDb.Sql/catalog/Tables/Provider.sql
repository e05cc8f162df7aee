CREATE TABLE [catalog].[Provider]
(
    [ProviderId]  INT IDENTITY (1, 1) NOT NULL,
    [Code]        VARCHAR (50)        NOT NULL,
    [DisplayName] NVARCHAR (200)      NOT NULL,
    [CreatedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Provider_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Provider_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]   DATETIME2 (3)       NULL,
    [RowVersion]  ROWVERSION          NOT NULL,
    CONSTRAINT [PK_Provider] PRIMARY KEY CLUSTERED ([ProviderId] ASC),
    CONSTRAINT [UQ_Provider_Code] UNIQUE NONCLUSTERED ([Code] ASC),
    CONSTRAINT [CK_Provider_CodeShape] CHECK (
        [Code] COLLATE Latin1_General_100_BIN2 LIKE '[a-z0-9]%'
        AND [Code] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^a-z0-9-]%'),
    CONSTRAINT [CK_Provider_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

-- Codes are unique forever (UQ_Provider_Code); among live providers the shown name is unique too, so pickers are unambiguous.
CREATE UNIQUE NONCLUSTERED INDEX [UQ_Provider_DisplayName_Live]
    ON [catalog].[Provider] ([DisplayName] ASC)
    WHERE [DeletedAt] IS NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Model providers (openai, anthropic, ...). Reference data, seeded by the post-deployment script.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the provider.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'ProviderId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Stable machine code of the provider (lower-case a-z, 0-9 and hyphen, starting with a letter or digit), e.g. openai; unique over all rows, deleted ones included, so a code is never reused.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'Code';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Provider name shown in the UI; unique among live providers.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'DisplayName';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Provider',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
