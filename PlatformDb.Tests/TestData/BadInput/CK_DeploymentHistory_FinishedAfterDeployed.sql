-- expect: CK_DeploymentHistory_FinishedAfterDeployed
-- rule: A deployment cannot have finished before it was recorded.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status], [FinishedAt])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', '2026-12-01T10:00:00', 'completed', '2026-12-01T09:00:00');
