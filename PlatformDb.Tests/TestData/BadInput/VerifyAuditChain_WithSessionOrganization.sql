-- expect-error: 50404
-- rule: VerifyAuditChain refuses to run with a session organization, which row-level security would use to hide audit rows.
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
BEGIN TRY
    EXECUTE [audit].[VerifyAuditChain];
END TRY
BEGIN CATCH
    -- Session context outlives the runner's rollback: clear it before re-raising.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
    THROW;
END CATCH;
