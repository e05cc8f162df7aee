-- expect: CK_DeploymentHistory_ActionKnown
-- rule: A deployment action is apply or rollback.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion])
VALUES ('1.0.0', 'deploy', HASHBYTES('SHA2_256', 'dacpac'), '1.0.0');
