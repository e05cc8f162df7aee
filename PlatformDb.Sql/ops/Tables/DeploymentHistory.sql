CREATE TABLE [ops].[DeploymentHistory]
(
    [DeploymentId] INT IDENTITY (1, 1) NOT NULL,
    [Version]      VARCHAR (32)        NOT NULL,
    [Action]       VARCHAR (10)        NOT NULL,
    [DacpacSha256] BINARY (32)         NOT NULL,
    [DeployedAt]   DATETIME2 (3)       NOT NULL CONSTRAINT [DF_DeploymentHistory_DeployedAt] DEFAULT (SYSUTCDATETIME()),
    [DeployedBy]   NVARCHAR (128)      NOT NULL CONSTRAINT [DF_DeploymentHistory_DeployedBy] DEFAULT (SUSER_SNAME()),
    [ToolVersion]  VARCHAR (32)        NOT NULL,
    -- v1.2.0: progress of the deployment. Appended at the end (IgnoreColumnOrder: ALTER TABLE ADD, no rebuild); rows
    -- written by v1.0.0/v1.1.0 tools were completed publishes and get Status 'completed' from the default.
    [Status]          VARCHAR (16)     NOT NULL CONSTRAINT [DF_DeploymentHistory_Status] DEFAULT ('completed'),
    [SchemaAppliedAt] DATETIME2 (3)    NULL,
    [FinishedAt]      DATETIME2 (3)    NULL,
    [Message]         NVARCHAR (2000)  NULL,
    CONSTRAINT [PK_DeploymentHistory] PRIMARY KEY CLUSTERED ([DeploymentId] ASC),
    CONSTRAINT [CK_DeploymentHistory_VersionShape] CHECK ([Version] LIKE '[0-9]%.[0-9]%.[0-9]%' OR [Version] = 'current'),
    CONSTRAINT [CK_DeploymentHistory_ActionKnown] CHECK ([Action] IN ('apply', 'rollback')),
    CONSTRAINT [CK_DeploymentHistory_StatusKnown] CHECK ([Status] IN ('started', 'schema-applied', 'completed', 'failed')),
    CONSTRAINT [CK_DeploymentHistory_FailedHasMessage] CHECK ([Status] <> 'failed' OR [Message] IS NOT NULL),
    CONSTRAINT [CK_DeploymentHistory_SchemaAppliedAfterDeployed] CHECK ([SchemaAppliedAt] IS NULL OR [SchemaAppliedAt] >= [DeployedAt]),
    CONSTRAINT [CK_DeploymentHistory_FinishedAfterDeployed] CHECK ([FinishedAt] IS NULL OR [FinishedAt] >= [DeployedAt])
);
GO

CREATE NONCLUSTERED INDEX [IX_DeploymentHistory_DeployedAt]
    ON [ops].[DeploymentHistory] ([DeployedAt] DESC);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'One row per schema deployment or rollback, written by the platformdb CLI. Since v1.2.0 the CLI inserts the row as started before it publishes and the post-deployment script marks it schema-applied once DacFx has committed the schema, so a half-finished publish is visible.',
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

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the deployment was recorded (UTC): when it finished for rows of v1.0.0/v1.1.0 tools, when it started for rows the CLI inserts as started.',
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

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Progress of the deployment: started (row inserted by the CLI before publishing), schema-applied (set by the post-deployment script PostDeploy/Ops/MarkSchemaApplied.sql after DacFx committed the schema), completed (publish and post-deployment scripts done) or failed (see Message). Rows written before v1.2.0 are completed.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'Status';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the schema changes of this deployment were committed (UTC), set with Status schema-applied by the post-deployment script; never before DeployedAt. NULL for rows written before v1.2.0 and for deployments that did not get that far.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'SchemaAppliedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the deployment ended, completed or failed (UTC), set by the CLI; never before DeployedAt. NULL while it runs and for rows written before v1.2.0.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'FinishedAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'What went wrong (required when Status is failed), or a note from the CLI; NULL otherwise.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DeploymentHistory',
    @level2type = N'COLUMN', @level2name = N'Message';
GO
