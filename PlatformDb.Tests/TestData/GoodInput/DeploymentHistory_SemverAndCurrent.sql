-- rule: Versions like '1.2.3' and the word 'current' are accepted for applies and rollbacks.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('1.0.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('current', 'rollback', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('10.20.30', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
