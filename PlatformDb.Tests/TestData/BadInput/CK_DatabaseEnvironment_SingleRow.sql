-- expect: CK_DatabaseEnvironment_SingleRow
-- rule: ops.DatabaseEnvironment holds one row at most: its key is always 1.
INSERT INTO [ops].[DatabaseEnvironment] ([DatabaseEnvironmentId], [Environment])
VALUES (2, 'dev');
