-- expect-error: 50601
-- rule: RecordLoginAttempt refuses to run with a session organization (a confined connection), before any write: its lock-out audit event has no organization, which the block predicate would refuse midway (33504).
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
BEGIN TRY
    EXECUTE [identity].[RecordLoginAttempt] @UserId = -1, @Succeeded = 0;
END TRY
BEGIN CATCH
    -- Session context outlives the runner's rollback: clear it before re-raising.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
    THROW;
END CATCH;
-- Reached only if the call raised nothing (a regression): still leave the session unconfined.
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
