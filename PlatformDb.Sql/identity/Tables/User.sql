CREATE TABLE [identity].[User]
(
    [UserId]      INT IDENTITY (1, 1) NOT NULL,
    -- Masked (v1.5.0) for every reader without UNMASK (platform_app has it on both columns): docs/security.md.
    [Email]       NVARCHAR (320)      MASKED WITH (FUNCTION = 'email()') NOT NULL,
    [DisplayName] NVARCHAR (200)      MASKED WITH (FUNCTION = 'default()') NOT NULL,
    [CreatedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_User_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_User_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [DeletedAt]   DATETIME2 (3)       NULL,
    [RowVersion]  ROWVERSION          NOT NULL,
    CONSTRAINT [PK_User] PRIMARY KEY CLUSTERED ([UserId] ASC),
    CONSTRAINT [CK_User_EmailShape] CHECK ([Email] LIKE N'_%@_%._%' AND CHARINDEX(N' ', [Email]) = 0),
    CONSTRAINT [CK_User_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt])
);
GO

CREATE UNIQUE NONCLUSTERED INDEX [UQ_User_Email_Live]
    ON [identity].[User] ([Email] ASC)
    WHERE [DeletedAt] IS NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'A person who can sign in and be a member of organizations. Personal data lives here only, so erasure means editing this row.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the user; other tables and the audit log refer to users by this id only.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sign-in e-mail address (must look like a@b.c, no spaces); unique among live users, compared with the database collation (case-insensitive).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'Email';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Name shown for the user in the UI.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'DisplayName';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Soft-delete time (UTC); NULL while the row is live. Deleted rows are kept for history and for the foreign keys that point at them.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'DeletedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'User',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
