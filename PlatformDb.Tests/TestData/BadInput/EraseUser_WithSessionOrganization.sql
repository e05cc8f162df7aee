-- expect-error: 50118
-- rule: EraseUser refuses to run with a session organization, under which row-level security would hide the person's other organizations.
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
BEGIN TRY
    EXECUTE [identity].[EraseUser] @UserId = -1, @ActorUserId = NULL;
END TRY
BEGIN CATCH
    -- Session context outlives the runner's rollback: clear it before re-raising.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
    THROW;
END CATCH;
