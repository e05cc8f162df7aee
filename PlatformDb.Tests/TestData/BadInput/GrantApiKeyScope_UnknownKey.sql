-- expect-error: 50104
-- rule: Scopes can only be granted to an existing, live API key.
EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = -1, @ApiKeyId = -1, @Scope = N'chat:write';
