CREATE TABLE [ops].[DeploymentHistory]
(
    [DeploymentId] INT IDENTITY (1, 1) NOT NULL,
    [Version]      VARCHAR (32)        NOT NULL,
    [Action]       VARCHAR (10)        NOT NULL,
    [DacpacSha256] BINARY (32)         NOT NULL,
    [DeployedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_DeploymentHistory_DeployedAt] DEFAULT (SYSUTCDATETIME()),
    [DeployedBy]   NVARCHAR (128)      NOT NULL CONSTRAINT [DF_DeploymentHistory_DeployedBy] DEFAULT (SUSER_SNAME()),
    [ToolVersion]  VARCHAR (32)        NOT NULL,
    CONSTRAINT [PK_DeploymentHistory] PRIMARY KEY CLUSTERED ([DeploymentId] ASC),
    CONSTRAINT [CK_DeploymentHistory_VersionShape] CHECK ([Version] LIKE '[0-9]%.[0-9]%.[0-9]%' OR [Version] = 'current'),
    CONSTRAINT [CK_DeploymentHistory_ActionKnown] CHECK ([Action] IN ('apply', 'rollback'))
);
GO

CREATE NONCLUSTERED INDEX [IX_DeploymentHistory_DeployedAt]
    ON [ops].[DeploymentHistory] ([DeployedAt] DESC);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per schema deployment or rollback, written by the platformdb CLI after a successful publish.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key, increasing in deployment order.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'DeploymentId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Schema version deployed (semantic version such as 1.0.0, or current for an unreleased build).',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'Version';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'apply (publish of a version) or rollback (publish of an earlier snapshot).',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'Action';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'SHA-256 of the deployed dacpac file, to tell exactly which build was applied.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'DacpacSha256';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the deployment finished (UTC).',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'DeployedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Login that ran the deployment (SUSER_SNAME() by default).',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'DeployedBy';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Version of the platformdb CLI that performed the deployment.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'ToolVersion';
GO
