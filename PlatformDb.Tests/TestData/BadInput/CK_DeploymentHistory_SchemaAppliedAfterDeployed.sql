-- expect: CK_DeploymentHistory_SchemaAppliedAfterDeployed
-- rule: The schema of a deployment cannot have been applied before the deployment was recorded.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'schema-applied', '2026-12-01T09:59:59');
