CREATE TABLE [tenancy].[Membership]
(
    [MembershipId]    INT IDENTITY (1, 1) NOT NULL,
    [OrganizationId]  INT                 NOT NULL,
    [UserId]          INT                 NOT NULL,
    [Role]            VARCHAR (20)        NOT NULL,
    [InvitedByUserId] INT                 NULL,
    [CreatedAt]       DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Membership_CreatedAt] DEFAULT (SYSUTCDATETIME()),
    [UpdatedAt]       DATETIME2 (3)       NOT NULL CONSTRAINT [DF_Membership_UpdatedAt] DEFAULT (SYSUTCDATETIME()),
    [RowVersion]      ROWVERSION          NOT NULL,
    -- v1.4.0: removal by tenancy.RemoveMember. Appended at the end (IgnoreColumnOrder: ALTER TABLE ADD, no rebuild); rows
    -- of earlier releases are live members (NULL). Not a soft delete of the row: tenancy.AddMember revives the same row,
    -- so UQ_Membership_Organization_User keeps holding over all rows (a rollback re-validates it as it is).
    [RemovedAt]       DATETIME2 (3)       NULL,
    CONSTRAINT [PK_Membership] PRIMARY KEY CLUSTERED ([MembershipId] ASC),
    CONSTRAINT [FK_Membership_Organization] FOREIGN KEY ([OrganizationId]) REFERENCES [tenancy].[Organization] ([OrganizationId]),
    CONSTRAINT [FK_Membership_User] FOREIGN KEY ([UserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [FK_Membership_User_InvitedBy] FOREIGN KEY ([InvitedByUserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [UQ_Membership_Organization_User] UNIQUE NONCLUSTERED ([OrganizationId] ASC, [UserId] ASC),
    CONSTRAINT [CK_Membership_RoleKnown] CHECK ([Role] IN ('owner', 'admin', 'member', 'billing', 'viewer')),
    CONSTRAINT [CK_Membership_RemovedAfterCreated] CHECK ([RemovedAt] IS NULL OR [RemovedAt] >= [CreatedAt])
);
GO

CREATE NONCLUSTERED INDEX [IX_Membership_User]
    ON [tenancy].[Membership] ([UserId] ASC)
    INCLUDE ([OrganizationId], [Role]);
GO

CREATE NONCLUSTERED INDEX [IX_Membership_InvitedByUser]
    ON [tenancy].[Membership] ([InvitedByUserId] ASC)
    WHERE [InvitedByUserId] IS NOT NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Which users belong to which organization, and with what role. One row per (organization, user).',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key of the membership.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'MembershipId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The organization the user belongs to.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The member.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'UserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'What the member may do in the organization: owner, admin, member, billing or viewer.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'Role';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The user who invited this member; NULL for the founding owner or system-created memberships.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'InvitedByUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was created (UTC).',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'CreatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the row was last changed (UTC); set by the writer on every update.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'UpdatedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optimistic-concurrency token; changes on every write to the row.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'RowVersion';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the member was removed (UTC, tenancy.RemoveMember); NULL while the membership is live. tenancy.AddMember revives the row.',
    @level0type = N'SCHEMA', @level0name = N'tenancy', @level1type = N'TABLE', @level1name = N'Membership',
    @level2type = N'COLUMN', @level2name = N'RemovedAt';
GO
