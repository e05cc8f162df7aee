/*
Internal: the body of identity.AuthenticateApiKey with the clock as a parameter, for tests. Granted to no role
(tested): a caller who could set @At could revive an expired key. identity.AuthenticateApiKey calls it with
SYSUTCDATETIME(); ownership chaining (both procedures and every schema are owned by dbo) lets platform_app run it
only that way.
Resolves an API key from the SHA-256 (or HMAC-SHA-256) hash of the presented key and returns its identity.
No @OrganizationId: this is the entry point that discovers the organization from the key hash (docs/security.md).
Errors: 50101 unknown (also deleted key or deleted organization), 50102 revoked, 50103 expired. Each is decided
before anything is written and thrown with XACT_ABORT OFF, so a caller's open transaction survives it.
*/
CREATE PROCEDURE [identity].[AuthenticateApiKeyAt]
    @KeyHash VARBINARY (32),
    @At      DATETIME2 (3)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = COALESCE(@At, CAST(SYSUTCDATETIME() AS DATETIME2 (3)));
DECLARE @ApiKeyId INT;
DECLARE @OrganizationId INT;
DECLARE @CreatedByUserId INT;
DECLARE @KeyPrefix VARCHAR (16);
DECLARE @Scopes NVARCHAR (1000);
DECLARE @CreatedAt DATETIME2 (3);
DECLARE @ExpiresAt DATETIME2 (3);
DECLARE @RevokedAt DATETIME2 (3);

-- Seek on UQ_ApiKey_KeyHash.
SELECT @ApiKeyId = [k].[ApiKeyId],
       @OrganizationId = [k].[OrganizationId],
       @CreatedByUserId = [k].[CreatedByUserId],
       @KeyPrefix = [k].[KeyPrefix],
       @Scopes = [k].[Scopes],
       @CreatedAt = [k].[CreatedAt],
       @ExpiresAt = [k].[ExpiresAt],
       @RevokedAt = [k].[RevokedAt]
FROM [identity].[ApiKey] AS [k]
INNER JOIN [tenancy].[Organization] AS [o]
    ON [o].[OrganizationId] = [k].[OrganizationId]
WHERE [k].[KeyHash] = @KeyHash
  AND [k].[DeletedAt] IS NULL
  AND [o].[DeletedAt] IS NULL;

IF @ApiKeyId IS NULL
BEGIN
    -- THROW honours XACT_ABORT; OFF (restored when the procedure returns) keeps a caller's transaction open.
    SET XACT_ABORT OFF;
    THROW 50101, N'Unknown API key.', 1;
END;

-- Revocation is immediate and final, whatever @At says.
IF @RevokedAt IS NOT NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50102, N'API key revoked.', 1;
END;

IF @ExpiresAt IS NOT NULL AND @ExpiresAt <= @Now
BEGIN
    SET XACT_ABORT OFF;
    THROW 50103, N'API key expired.', 1;
END;

-- Last use lives in identity.ApiKeyLastUse (not on ApiKey: no RowVersion bump, no trigger), written at most once a
-- minute per key. A plain read picks the path; the first use inserts under UPDLOCK, HOLDLOCK so two first uses
-- cannot both insert, and the update's own predicate makes a concurrent second update a no-op.
IF @Now >= @CreatedAt
BEGIN
    IF NOT EXISTS (SELECT 1 FROM [identity].[ApiKeyLastUse] AS [u] WHERE [u].[ApiKeyId] = @ApiKeyId)
        INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt])
        SELECT @ApiKeyId, @Now
        WHERE NOT EXISTS (SELECT 1
                          FROM [identity].[ApiKeyLastUse] AS [u] WITH (UPDLOCK, HOLDLOCK)
                          WHERE [u].[ApiKeyId] = @ApiKeyId);
    ELSE
        UPDATE [u]
        SET [u].[LastUsedAt] = @Now
        FROM [identity].[ApiKeyLastUse] AS [u]
        WHERE [u].[ApiKeyId] = @ApiKeyId
          AND [u].[LastUsedAt] < DATEADD(MINUTE, -1, @Now);
END;

SELECT @ApiKeyId AS [ApiKeyId],
       @OrganizationId AS [OrganizationId],
       @CreatedByUserId AS [CreatedByUserId],
       @KeyPrefix AS [KeyPrefix],
       @Scopes AS [Scopes];
