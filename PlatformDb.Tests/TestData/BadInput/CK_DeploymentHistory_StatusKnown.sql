-- expect: CK_DeploymentHistory_StatusKnown
-- rule: A deployment's status is started, schema-applied, completed or failed.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'running');
