CREATE TABLE [tenancy].[Organization]
(
    [OrganizationId] INT IDENTITY (1, 1) NOT NULL,
    [Slug]           VARCHAR (63)        NOT NULL,
    -- Masked (v1.5.0): a sole trader's organization is named after the person. platform_app has UNMASK.
    [DisplayName]    NVARCHAR (200)      MASKED WITH (FUNCTION = 'default()') NOT NULL,
    [CreatedAt]      DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Organization_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]      DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Organization_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]      DATETIME2 (3)       NULL,
    [RowVersion]     ROWVERSION          NOT NULL,
    CONSTRAINT [PK_Organization] PRIMARY KEY CLUSTERED ([OrganizationId] ASC),
    -- BIN2 makes [a-z] mean the 26 ASCII letters, whatever the database collation.
    CONSTRAINT [CK_Organization_SlugShape] CHECK (
        LEN([Slug]) BETWEEN 3 AND 63
        AND [Slug] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^a-z0-9-]%'
        AND [Slug] COLLATE Latin1_General_100_BIN2 NOT LIKE '-%'
        AND [Slug] COLLATE Latin1_General_100_BIN2 NOT LIKE '%-'),
    CONSTRAINT [CK_Organization_DisplayNameNotBlank] CHECK (LEN(LTRIM(RTRIM([DisplayName]))) > 0),
    CONSTRAINT [CK_Organization_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

CREATE UNIQUE NONCLUSTERED INDEX [UQ_Organization_Slug_Live]
    ON [tenancy].[Organization] ([Slug] ASC)
    WHERE [DeletedAt] IS NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'A tenant: the customer organization that owns members, API keys, budgets and audit events.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the organization.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'URL-safe unique handle of the organization (lower-case a-z, 0-9 and hyphen, 3..63 chars, no leading or trailing hyphen); unique among live organizations.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'Slug';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Human-readable organization name shown in the UI.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'DisplayName';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Organization',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
