-- expect: CK_DeploymentHistory_FailedHasMessage
-- rule: A failed deployment says what went wrong.
INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [Status], [FinishedAt])
VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', 'failed', DATEADD(MINUTE, 1, SYSUTCDATETIME()));
