/*
v1.4.0: which environment this database is, as the last publish declared it through the SQLCMD variable Environment
(PostDeploy/Ops/RecordEnvironment.sql). One row at most (CK_DatabaseEnvironment_SingleRow). Read by
'platformdb smoke', which refuses any database whose row is missing or not dev/test, so the smoke test's writes never
reach staging or production.
*/
CREATE TABLE [ops].[DatabaseEnvironment]
(
    [DatabaseEnvironmentId] TINYINT       NOT NULL CONSTRAINT [DF_DatabaseEnvironment_DatabaseEnvironmentId] DEFAULT (1),
    [Environment]           VARCHAR (16)  NOT NULL,
    [RecordedAt]            DATETIME2 (3) NOT NULL CONSTRAINT [DF_DatabaseEnvironment_RecordedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_DatabaseEnvironment] PRIMARY KEY CLUSTERED ([DatabaseEnvironmentId] ASC),
    CONSTRAINT [CK_DatabaseEnvironment_SingleRow] CHECK ([DatabaseEnvironmentId] = 1),
    CONSTRAINT [CK_DatabaseEnvironment_EnvironmentKnown] CHECK ([Environment] IN ('dev', 'test', 'staging', 'prod'))
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The environment this database belongs to (one row), written by the post-deployment script from the SQLCMD variable Environment on every publish; platformdb smoke runs only where it is dev or test.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DatabaseEnvironment';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Always 1: the key that keeps the table to one row.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DatabaseEnvironment',
    @level2type = N'COLUMN', @level2name = N'DatabaseEnvironmentId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'dev, test, staging or prod: the Environment SQLCMD variable of the publish that recorded it.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DatabaseEnvironment',
    @level2type = N'COLUMN', @level2name = N'Environment';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When this value was first recorded (UTC); a publish with the same value leaves it unchanged.',
    @level0type = N'SCHEMA', @level0name = N'ops', @level1type = N'TABLE', @level1name = N'DatabaseEnvironment',
    @level2type = N'COLUMN', @level2name = N'RecordedAt';
GO
