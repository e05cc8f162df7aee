-- rule: Every progress status is accepted with its times, and a failed deployment with a message.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'started');
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'schema-applied', '2026-12-01T10:00:00');
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [SchemaAppliedAt], [FinishedAt])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'completed', '2026-12-01T10:00:05', '2026-12-01T10:00:09');
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [FinishedAt], [Message])
VALUES ('1.1.0', 'rollback', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'failed', '2026-12-01T10:01:00', N'Post-deployment script failed.');
-- A row as v1.0.0/v1.1.0 tools write it (no progress columns) is a completed deployment.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('1.1.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.1.0');
