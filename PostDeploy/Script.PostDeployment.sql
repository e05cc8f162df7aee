/*
Post-deployment entry point: runs after every publish. Only :r includes here; each included script is
idempotent and sets its own options. DevSeed does nothing unless the SQLCMD variable SeedDevData = 'true'.
*/
:r ./ReferenceData/Providers.sql
:r ./Migrations/ApiKeyScopeBackfill.sql
:r ./DevSeed/DevSeed.sql
