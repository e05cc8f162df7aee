/*
v1.2.0 deployment progress record. Runs first after every publish: DacFx runs the post-deployment script only after
it has committed the schema changes, so reaching this line means the schema of this publish is in place.
The platformdb CLI inserts a Status 'started' row into ops.DeploymentHistory before it publishes; this marks the
newest row 'schema-applied'. It changes nothing when the table is empty or the newest row is not 'started' (a
SqlPackage publish, a repeated run), so it is idempotent. SchemaAppliedAt is never set before DeployedAt, so a CLI
whose clock is ahead of the server's cannot make CK_DeploymentHistory_SchemaAppliedAfterDeployed fail the publish.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

UPDATE [h]
SET [h].[Status] = 'schema-applied',
    [h].[SchemaAppliedAt] =
        CASE
            WHEN CAST(SYSUTCDATETIME() AS DATETIME2 (3)) < [h].[DeployedAt] THEN [h].[DeployedAt]
            ELSE CAST(SYSUTCDATETIME() AS DATETIME2 (3))
        END
FROM [ops].[DeploymentHistory] AS [h]
WHERE [h].[DeploymentId] = (SELECT MAX([n].[DeploymentId]) FROM [ops].[DeploymentHistory] AS [n])
  AND [h].[Status] = 'started';

IF @@ROWCOUNT = 1
    PRINT N'Deployment record: schema applied';
GO
