-- expect: CK_DeploymentHistory_VersionShape
-- rule: A deployed version looks like 'major.minor.patch' or is 'current'.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('v1', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
