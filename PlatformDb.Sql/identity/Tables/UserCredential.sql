CREATE TABLE [identity].[UserCredential]
(
    [UserId]            INT           NOT NULL,
    [PasswordHash]      VARCHAR (255) NOT NULL,
    [PasswordChangedAt] DATETIME2 (3) NOT NULL CONSTRAINT [DF_UserCredential_PasswordChangedAt] DEFAULT (SYSUTCDATETIME()),
    [FailedLoginCount]  INT           NOT NULL CONSTRAINT [DF_UserCredential_FailedLoginCount] DEFAULT (0),
    [LockedUntil]       DATETIME2 (3) NULL,
    [CreatedAt]         DATETIME2 (3) NOT NULL CONSTRAINT [DF_UserCredential_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]         DATETIME2 (3) NOT NULL CONSTRAINT [DF_UserCredential_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [RowVersion]        ROWVERSION    NOT NULL,
    CONSTRAINT [PK_UserCredential] PRIMARY KEY CLUSTERED ([UserId] ASC),
    CONSTRAINT [FK_UserCredential_User] FOREIGN KEY ([UserId]) REFERENCES [identity].[User] ([UserId]),
    -- Only slow, salted password hashes in PHC string form are accepted; a plain or fast hash cannot be stored.
    CONSTRAINT [CK_UserCredential_PasswordHashIsPhc] CHECK (
        [PasswordHash] LIKE '$argon2id$v=19$%'
        OR [PasswordHash] LIKE '$pbkdf2-sha256$%'
        OR [PasswordHash] LIKE '$pbkdf2-sha512$%'),
    CONSTRAINT [CK_UserCredential_FailedLoginCountNonNegative] CHECK ([FailedLoginCount] >= 0)
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Password login data of a user (1:1 with identity.User). Kept apart from User so that roles can read users without ever seeing password hashes.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The user these credentials belong to (primary key and foreign key to identity.User).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Password hash computed by the application as a PHC string ($argon2id$v=19$... or $pbkdf2-sha256$/$pbkdf2-sha512$...): a per-user random salt and a deliberately slow, parameterised function, so a leaked table cannot be reversed or attacked with precomputed tables, and the parameters can be raised later. The plaintext password never reaches the database.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'PasswordHash';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the password was last set (UTC).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'PasswordChangedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Consecutive failed sign-in attempts since the last success; reset to 0 on success.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'FailedLoginCount';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Sign-in is refused until this time (UTC) after too many failures; NULL when not locked.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'LockedUntil';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'identity', @level1type = N'TABLE', @level1name = N'UserCredential',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO
