/*
Post-deployment entry point: runs after every publish, after DacFx has committed the schema changes. Only :r
includes here; each included script is idempotent and sets its own options. Ops/MarkSchemaApplied.sql comes first:
it records in ops.DeploymentHistory that the schema committed, before anything else can fail. Ops/RecordEnvironment.sql records $(Environment) in
ops.DatabaseEnvironment (never failing). DevSeed does nothing
unless the SQLCMD variable SeedDevData = 'true' and Environment is dev or test.
*/
:r ./Ops/MarkSchemaApplied.sql
:r ./Ops/RecordEnvironment.sql
:r ./ReferenceData/Providers.sql
:r ./Migrations/ApiKeyScopeBackfill.sql
:r ./Migrations/ApiKeyLastUseBackfill.sql
:r ./Migrations/NarrowUserCredentialGrant.sql
-- v1.5.0 least privilege (issue 14): right after NarrowUserCredentialGrant.sql, which it partly undoes, and before any
-- script that can fail, so that a failing later script never leaves the schema-wide grants of v1.4.1 in place.
:r ./Migrations/NarrowServiceAndReaderGrants.sql
:r ./Migrations/AuditChainBackfill.sql
:r ./Ops/EnsureUsagePartitions.sql
:r ./DevSeed/DevSeed.sql
