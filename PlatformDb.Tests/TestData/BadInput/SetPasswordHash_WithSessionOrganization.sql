-- expect-error: 50601
-- rule: SetPasswordHash refuses to run with a session organization (a confined connection), before any write: its audit event has no organization, which the block predicate would refuse midway (33504).
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
BEGIN TRY
    EXECUTE [identity].[SetPasswordHash] @UserId = -1, @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
END TRY
BEGIN CATCH
    -- Session context outlives the runner's rollback: clear it before re-raising.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
    THROW;
END CATCH;
-- Reached only if the call raised nothing (a regression): still leave the session unconfined.
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
