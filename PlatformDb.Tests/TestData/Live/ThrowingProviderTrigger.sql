-- A DML trigger that makes the reference-data MERGE of the post-deployment script (PostDeploy/ReferenceData/Providers.sql)
-- fail after DacFx has committed the schema change. A rollback drops it (DropObjectsNotInSource), an apply keeps it.
CREATE TRIGGER [catalog].[TR_Provider_FailPostDeploy]
ON [catalog].[Provider]
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 50999, N'Test trigger: reference data may not change.', 1;
END;
