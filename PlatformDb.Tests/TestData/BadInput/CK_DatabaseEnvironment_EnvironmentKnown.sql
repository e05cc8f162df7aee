-- expect: CK_DatabaseEnvironment_EnvironmentKnown
-- rule: The environment is dev, test, staging or prod.
UPDATE [ops].[DatabaseEnvironment] SET [Environment] = 'qa' WHERE [DatabaseEnvironmentId] = 1;
INSERT INTO [ops].[DatabaseEnvironment] ([DatabaseEnvironmentId], [Environment])
SELECT 1, 'qa' WHERE NOT EXISTS (SELECT 1 FROM [ops].[DatabaseEnvironment]);
