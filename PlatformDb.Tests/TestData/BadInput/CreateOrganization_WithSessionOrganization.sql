-- expect-error: 50601
-- rule: CreateOrganization refuses to run with a session organization (a confined connection), before any write: a new organization's id is never the session's, so the block predicate would refuse it midway (33504).
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = 1;
BEGIN TRY
    EXECUTE [tenancy].[CreateOrganization] @Slug = 'confined-org', @DisplayName = N'Confined', @OwnerUserId = -1;
END TRY
BEGIN CATCH
    -- Session context outlives the runner's rollback: clear it before re-raising.
    EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
    THROW;
END CATCH;
-- Reached only if the call raised nothing (a regression): still leave the session unconfined.
EXECUTE [sys].[sp_set_session_context] @key = N'OrganizationId', @value = NULL;
