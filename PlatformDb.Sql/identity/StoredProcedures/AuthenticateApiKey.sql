/*
Resolves an API key from the SHA-256 (or HMAC-SHA-256) hash of the presented key and returns its identity
(ApiKeyId, OrganizationId, CreatedByUserId, KeyPrefix, Scopes). The service's entry point: it takes no
@OrganizationId because it is what tells the service the caller's organization (docs/security.md).
"Now" is the server's clock: since v1.2.0 no caller can pass a time (tests use identity.AuthenticateApiKeyAt,
which no role may execute).
Errors: 50101 unknown (also deleted key or deleted organization), 50102 revoked, 50103 expired.
*/
CREATE PROCEDURE [identity].[AuthenticateApiKey]
    @KeyHash VARBINARY (32)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

-- The internal procedure sets XACT_ABORT itself (ON, and OFF just before a documented refusal); OFF here makes sure
-- a refusal is not judged by this caller's setting instead. Restored when this procedure returns.
SET XACT_ABORT OFF;
EXECUTE [identity].[AuthenticateApiKeyAt] @KeyHash = @KeyHash, @At = @Now;
