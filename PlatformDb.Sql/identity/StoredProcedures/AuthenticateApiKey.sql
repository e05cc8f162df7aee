/*
Resolves an API key from the SHA-256 (or HMAC-SHA-256) hash of the presented key and returns its identity.
Errors: 50101 unknown (also deleted key or deleted organization), 50102 revoked, 50103 expired.
*/
CREATE PROCEDURE [identity].[AuthenticateApiKey]
    @KeyHash VARBINARY (32),
    @At      DATETIME2 (3) = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = COALESCE(@At, CAST(SYSUTCDATETIME() AS DATETIME2 (3)));
DECLARE @ApiKeyId INT;
DECLARE @OrganizationId INT;
DECLARE @CreatedByUserId INT;
DECLARE @KeyPrefix VARCHAR (16);
DECLARE @Scopes NVARCHAR (1000);
DECLARE @ExpiresAt DATETIME2 (3);
DECLARE @RevokedAt DATETIME2 (3);

-- Seek on UQ_ApiKey_KeyHash.
SELECT @ApiKeyId = [k].[ApiKeyId],
       @OrganizationId = [k].[OrganizationId],
       @CreatedByUserId = [k].[CreatedByUserId],
       @KeyPrefix = [k].[KeyPrefix],
       @Scopes = [k].[Scopes],
       @ExpiresAt = [k].[ExpiresAt],
       @RevokedAt = [k].[RevokedAt]
FROM [identity].[ApiKey] AS [k]
INNER JOIN [tenancy].[Organization] AS [o]
    ON [o].[OrganizationId] = [k].[OrganizationId]
WHERE [k].[KeyHash] = @KeyHash
  AND [k].[DeletedAt] IS NULL
  AND [o].[DeletedAt] IS NULL;

IF @ApiKeyId IS NULL
    THROW 50101, N'Unknown API key.', 1;

-- Revocation is immediate and final, whatever @At says.
IF @RevokedAt IS NOT NULL
    THROW 50102, N'API key revoked.', 1;

IF @ExpiresAt IS NOT NULL AND @ExpiresAt <= @Now
    THROW 50103, N'API key expired.', 1;

-- At most one write per key and minute, not one per request.
UPDATE [k]
SET [k].[LastUsedAt] = @Now
FROM [identity].[ApiKey] AS [k]
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND @Now >= [k].[CreatedAt]
  AND ([k].[LastUsedAt] IS NULL OR [k].[LastUsedAt] < DATEADD(MINUTE, -1, @Now));

SELECT @ApiKeyId AS [ApiKeyId],
       @OrganizationId AS [OrganizationId],
       @CreatedByUserId AS [CreatedByUserId],
       @KeyPrefix AS [KeyPrefix],
       @Scopes AS [Scopes];
