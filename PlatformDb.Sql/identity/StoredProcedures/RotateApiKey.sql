/*
Rotates an API key of the caller's organization: creates a new key (new prefix and SHA-256 hash from the service;
the plaintext never reaches the database) with the old key's name, scopes and expiry, and lets the old key expire at
the server's now + @GraceMinutes (0..10080), or at its own earlier expiry. The old key is renamed
'<name> (rotated <id>)' (cut to fit 100 characters) because UQ_ApiKey_Organization_Name_Live keeps names unique among
non-deleted keys. The actor must be a live owner or admin of @OrganizationId. A key of another organization, a deleted
or unknown key is refused alike (50104); a revoked or already expired key cannot be rotated (50110), nor (since
v1.4.1) a key that was already rotated (ReplacedByApiKeyId set; 50110): its budgets are on its replacement, so a second
new key would start without them. The old key row is locked (UPDLOCK, HOLDLOCK) first, so two concurrent rotations of
one key cannot both succeed: the second waits, then finds the old key replaced and is refused (50110).
Since v1.4.1 the rotation carries the old key's budgets over: its live key-scoped billing.Budget rows are re-pointed
to the new key (same BudgetId, so the period usage so far stays and a hard stop keeps applying), and the old key, and
every key whose ReplacedByApiKeyId was the old key, get ReplacedByApiKeyId = the new key (always one hop to the newest
key), so billing.RecordRequest still charges those budgets for requests made with an old key during its grace period.
Write order (deadlock-free against billing.RecordRequest, which holds a shared lock on its calling key's row and then
locks budgets): every key row first (old key renamed, new key inserted, replacement links), then the budgets.
Audit: identity.apikey_rotated (actor @ActorUserId, target the old key id, Details {"newApiKeyId": n}).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Result set: one row NewApiKeyId, OldKeyExpiresAt. Errors: 50104, 50110, 50111 invalid new prefix/hash or grace,
50112 prefix or hash already used, 50113 actor not a live owner/admin.
*/
CREATE PROCEDURE [identity].[RotateApiKey]
    @OrganizationId INT,
    @ApiKeyId       INT,
    @ActorUserId    INT,
    @NewKeyPrefix   VARCHAR (8000),
    @NewKeyHash     VARBINARY (8000),
    @GraceMinutes   INT = 60
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @Name NVARCHAR (100);
DECLARE @Scopes NVARCHAR (1000);
DECLARE @CreatedAt DATETIME2 (3);
DECLARE @ExpiresAt DATETIME2 (3);
DECLARE @RevokedAt DATETIME2 (3);
DECLARE @ReplacedByApiKeyId INT;
DECLARE @OldKeyExpiresAt DATETIME2 (3);
DECLARE @NewApiKeyId INT;
DECLARE @Suffix NVARCHAR (40) = CONCAT(N' (rotated ', @ApiKeyId, N')');

IF @NewKeyPrefix IS NULL OR LEN(@NewKeyPrefix) NOT BETWEEN 8 AND 16 OR DATALENGTH(@NewKeyPrefix) > 16
   OR @NewKeyPrefix COLLATE Latin1_General_100_BIN2 LIKE '%[^A-Za-z0-9_]%'
   OR @NewKeyHash IS NULL OR DATALENGTH(@NewKeyHash) <> 32
   OR @GraceMinutes IS NULL OR @GraceMinutes NOT BETWEEN 0 AND 10080
BEGIN
    SET XACT_ABORT OFF;
    THROW 50111, N'Invalid API key values: the new prefix must be 8..16 of A-Z a-z 0-9 _, the new hash 32 bytes (SHA-256) and @GraceMinutes 0..10080.', 1;
END;

IF NOT EXISTS (SELECT 1
               FROM [tenancy].[Membership] AS [m]
               INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
               INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [m].[OrganizationId]
               WHERE [m].[OrganizationId] = @OrganizationId
                 AND [m].[UserId] = @ActorUserId
                 AND [m].[Role] IN ('owner', 'admin')
                 AND [m].[RemovedAt] IS NULL
                 AND [u].[DeletedAt] IS NULL
                 AND [o].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @ActorUserId, N' is not an owner or admin of the organization (or the organization does not exist).');
    SET XACT_ABORT OFF;
    THROW 50113, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RotateApiKey];

SELECT @Name = [k].[Name],
       @Scopes = [k].[Scopes],
       @CreatedAt = [k].[CreatedAt],
       @ExpiresAt = [k].[ExpiresAt],
       @RevokedAt = [k].[RevokedAt],
       @ReplacedByApiKeyId = [k].[ReplacedByApiKeyId]
FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK)
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND [k].[OrganizationId] = @OrganizationId
  AND [k].[DeletedAt] IS NULL;

IF @Name IS NULL
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RotateApiKey];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' does not exist, is deleted or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50104, @Message, 1;
END;

IF @RevokedAt IS NOT NULL OR (@ExpiresAt IS NOT NULL AND @ExpiresAt <= @Now)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RotateApiKey];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' is revoked or expired and cannot be rotated: create a new key.');
    SET XACT_ABORT OFF;
    THROW 50110, @Message, 1;
END;

-- Already rotated (a retry, or a concurrent rotation that won the lock): its live key budgets were moved to its
-- replacement, so rotating it again would create a key without them and re-point its links away from them.
IF @ReplacedByApiKeyId IS NOT NULL
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RotateApiKey];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' was already rotated (replaced by key ', @ReplacedByApiKeyId, N'): rotate the newest key instead.');
    SET XACT_ABORT OFF;
    THROW 50110, @Message, 1;
END;

IF EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK) WHERE [k].[KeyPrefix] = @NewKeyPrefix)
   OR EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK) WHERE [k].[KeyHash] = @NewKeyHash)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RotateApiKey];
    SET XACT_ABORT OFF;
    THROW 50112, N'The key prefix or key hash is already used: generate a new key.', 1;
END;

-- The grace period never extends an earlier expiry, and an expiry stays after CreatedAt (CK_ApiKey_ExpiresAfterCreated).
SET @OldKeyExpiresAt = DATEADD(MINUTE, @GraceMinutes, @Now);
IF @ExpiresAt IS NOT NULL AND @ExpiresAt < @OldKeyExpiresAt
    SET @OldKeyExpiresAt = @ExpiresAt;
IF @OldKeyExpiresAt <= @CreatedAt
    SET @OldKeyExpiresAt = DATEADD(MILLISECOND, 1, @CreatedAt);

-- The new key is inserted under the old key's name, so the old key is renamed first
-- (UQ_ApiKey_Organization_Name_Live), then the new key is inserted: it must exist before anything can point at it.
UPDATE [k]
SET [k].[Name] = CONCAT(LEFT(@Name, 100 - LEN(@Suffix)), @Suffix),
    [k].[ExpiresAt] = @OldKeyExpiresAt,
    [k].[UpdatedAt] = @Now
FROM [identity].[ApiKey] AS [k]
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND [k].[OrganizationId] = @OrganizationId;

INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes], [CreatedAt], [ExpiresAt], [UpdatedAt])
-- The lengths were checked above, so these conversions cut nothing.
VALUES (@OrganizationId, @ActorUserId, @Name, CONVERT (VARCHAR (16), @NewKeyPrefix), CONVERT (VARBINARY (32), @NewKeyHash), @Scopes, @Now, @ExpiresAt, @Now);
SET @NewApiKeyId = CAST(SCOPE_IDENTITY() AS INT);

-- Replacement links (FK_ApiKey_ApiKey_ReplacedBy, same organization): the old key, and every key an earlier rotation
-- left pointing at the old key, now point at the new key, so one hop from any rotated key reaches the newest key.
-- UpdatedAt is not moved: the link is bookkeeping, not a change of the key's definition.
-- Two statements, each a seek (PK_ApiKey; IX_ApiKey_ReplacedBy), so no scan locks other keys' rows.
UPDATE [k]
SET [k].[ReplacedByApiKeyId] = @NewApiKeyId
FROM [identity].[ApiKey] AS [k]
WHERE [k].[OrganizationId] = @OrganizationId
  AND [k].[ReplacedByApiKeyId] = @ApiKeyId;

UPDATE [k]
SET [k].[ReplacedByApiKeyId] = @NewApiKeyId
FROM [identity].[ApiKey] AS [k]
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND [k].[OrganizationId] = @OrganizationId;

-- The old key's live key-scoped budgets move to the new key (FK_Budget_ApiKey holds: same organization). The new key
-- is brand new, so it has no budget yet and UQ_Budget_Scope_Live cannot collide. Same BudgetId: the period usage
-- (billing.BudgetPeriodUsage) carries over. Deleted budgets stay on the old key as history.
UPDATE [b]
SET [b].[ApiKeyId] = @NewApiKeyId,
    [b].[UpdatedAt] = @Now
FROM [billing].[Budget] AS [b]
WHERE [b].[OrganizationId] = @OrganizationId
  AND [b].[ApiKeyId] = @ApiKeyId
  AND [b].[DeletedAt] IS NULL;

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'user', @ActorUserId, 'identity.apikey_rotated', 'apikey', CONVERT (VARCHAR (100), @ApiKeyId),
        CONCAT(N'{"newApiKeyId":', @NewApiKeyId, N'}'));

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @NewApiKeyId AS [NewApiKeyId],
       @OldKeyExpiresAt AS [OldKeyExpiresAt];
