CREATE TABLE [catalog].[Model]
(
    [ModelId]             INT IDENTITY (1, 1) NOT NULL,
    [ProviderId]          INT                 NOT NULL,
    [Name]                VARCHAR (100)       NOT NULL,
    [DisplayName]         NVARCHAR (200)      NOT NULL,
    [ContextWindowTokens] INT                 NOT NULL,
    [MaxOutputTokens]     INT                 NULL,
    [Status]              VARCHAR (20)        NOT NULL CONSTRAINT [DF_Model_Status] DEFAULT ('active'),
    [CreatedAt]           DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Model_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]           DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Model_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]           DATETIME2 (3)       NULL,
    [RowVersion]          ROWVERSION          NOT NULL,
    CONSTRAINT [PK_Model] PRIMARY KEY CLUSTERED ([ModelId] ASC),
    CONSTRAINT [FK_Model_Provider] FOREIGN KEY ([ProviderId]) REFERENCES [catalog].[Provider] ([ProviderId]),
    CONSTRAINT [CK_Model_NameNotBlank] CHECK (LEN(LTRIM(RTRIM([Name]))) > 0),
    CONSTRAINT [CK_Model_ContextWindowPositive] CHECK ([ContextWindowTokens] > 0),
    CONSTRAINT [CK_Model_MaxOutputWithinContext] CHECK (
        [MaxOutputTokens] IS NULL OR ([MaxOutputTokens] > 0 AND [MaxOutputTokens] <= [ContextWindowTokens])),
    CONSTRAINT [CK_Model_StatusKnown] CHECK ([Status] IN ('preview', 'active', 'deprecated', 'retired')),
    CONSTRAINT [CK_Model_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

CREATE UNIQUE NONCLUSTERED INDEX [UQ_Model_Provider_Name_Live]
    ON [catalog].[Model] ([ProviderId] ASC, [Name] ASC)
    WHERE [DeletedAt] IS NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Models offered by a provider, with their token limits and lifecycle status.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the model.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'ModelId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The provider that serves the model.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'ProviderId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The provider''s own model id as sent in API calls (e.g. gpt-4o-mini); unique per provider among live models.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'Name';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Model name shown in the UI.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'DisplayName';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Maximum tokens (input plus output) the model accepts in one request.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'ContextWindowTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Maximum tokens the model can produce in one response; NULL = limited only by the context window.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'MaxOutputTokens';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Lifecycle: preview, active, deprecated (still callable, do not start using) or retired (no longer callable).',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'Status';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'catalog', @level1type = N'TABLE', @level1name = N'Model',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
