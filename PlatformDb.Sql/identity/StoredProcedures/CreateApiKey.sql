/*
Creates an API key of the caller's organization from its prefix and SHA-256 hash (the service generates the key and
shows the plaintext once; the plaintext never reaches the database). @CreatedByUserId must be a live owner or admin
of @OrganizationId; a user of another organization is refused like an unknown one (50113). @ExpiresAt is the key's
validity date, not a clock: it must lie after the server's now. Scopes sync into identity.ApiKeyScope through
TR_ApiKey_SyncScopes (so SCOPE_IDENTITY(), not OUTPUT without INTO, returns the id).
String and binary parameters are declared wider than their columns so that an overlong value is refused (50111)
instead of being truncated silently (SET ANSI_WARNINGS docs): a 40-byte hash cut to 32 bytes would look valid.
The uniqueness probes take UPDLOCK, HOLDLOCK, so two concurrent calls with the same prefix or name cannot both pass.
Audit: identity.apikey_created (actor @CreatedByUserId, target the new key id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Result set: one row ApiKeyId. Errors: 50111 invalid values; 50112 prefix or hash already used (by any key, also
deleted ones); 50113 creator not a live owner/admin of the organization; 50114 name used by another live key of the
organization.
*/
CREATE PROCEDURE [identity].[CreateApiKey]
    @OrganizationId  INT,
    @CreatedByUserId INT,
    @Name            NVARCHAR (4000),
    @KeyPrefix       VARCHAR (8000),
    @KeyHash         VARBINARY (8000),
    @Scopes          NVARCHAR (4000) = N'[]',
    @ExpiresAt       DATETIME2 (3) = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @ApiKeyId INT;
DECLARE @Message NVARCHAR (2048);

IF @Name IS NULL OR LEN(LTRIM(RTRIM(@Name))) = 0 OR LEN(@Name) > 100
   OR @KeyPrefix IS NULL OR LEN(@KeyPrefix) NOT BETWEEN 8 AND 16 OR DATALENGTH(@KeyPrefix) > 16
   OR @KeyPrefix COLLATE Latin1_General_100_BIN2 LIKE '%[^A-Za-z0-9_]%'
   OR @KeyHash IS NULL OR DATALENGTH(@KeyHash) <> 32
   OR @Scopes IS NULL OR LEN(@Scopes) > 1000 OR ISJSON(@Scopes) = 0 OR LEFT(LTRIM(@Scopes), 1) <> N'['
   OR (@ExpiresAt IS NOT NULL AND @ExpiresAt <= @Now)
BEGIN
    SET XACT_ABORT OFF;
    THROW 50111, N'Invalid API key values: the name must be non-blank (at most 100 characters), the prefix 8..16 of A-Z a-z 0-9 _, the hash 32 bytes (SHA-256), the scopes a JSON array of at most 1000 characters and the expiry in the future.', 1;
END;

IF NOT EXISTS (SELECT 1
               FROM [tenancy].[Membership] AS [m]
               INNER JOIN [identity].[User] AS [u] ON [u].[UserId] = [m].[UserId]
               INNER JOIN [tenancy].[Organization] AS [o] ON [o].[OrganizationId] = [m].[OrganizationId]
               WHERE [m].[OrganizationId] = @OrganizationId
                 AND [m].[UserId] = @CreatedByUserId
                 AND [m].[Role] IN ('owner', 'admin')
                 AND [m].[RemovedAt] IS NULL
                 AND [u].[DeletedAt] IS NULL
                 AND [o].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @CreatedByUserId, N' is not an owner or admin of the organization (or the organization does not exist).');
    SET XACT_ABORT OFF;
    THROW 50113, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [CreateApiKey];

IF EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK) WHERE [k].[KeyPrefix] = @KeyPrefix)
   OR EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK) WHERE [k].[KeyHash] = @KeyHash)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [CreateApiKey];
    SET XACT_ABORT OFF;
    THROW 50112, N'The key prefix or key hash is already used: generate a new key.', 1;
END;

IF EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK)
           WHERE [k].[OrganizationId] = @OrganizationId AND [k].[Name] = @Name AND [k].[DeletedAt] IS NULL)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [CreateApiKey];
    SET XACT_ABORT OFF;
    THROW 50114, N'Another live API key of the organization has this name.', 1;
END;

INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes], [CreatedAt], [ExpiresAt], [UpdatedAt])
-- The lengths were checked above, so these conversions cut nothing.
VALUES (@OrganizationId, @CreatedByUserId, CONVERT (NVARCHAR (100), @Name), CONVERT (VARCHAR (16), @KeyPrefix),
        CONVERT (VARBINARY (32), @KeyHash), CONVERT (NVARCHAR (1000), @Scopes), @Now, @ExpiresAt, @Now);
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
VALUES (@OrganizationId, 'user', @CreatedByUserId, 'identity.apikey_created', 'apikey', CONVERT (VARCHAR (100), @ApiKeyId));

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @ApiKeyId AS [ApiKeyId];
