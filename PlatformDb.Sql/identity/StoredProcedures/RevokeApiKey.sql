/*
Revokes an API key of the caller's organization at the server's now (RevokedAt, RevokedByUserId). The actor must be a
live owner or admin of @OrganizationId. A key of another organization, a deleted or unknown key is refused alike
(50104). Revoking an already revoked key changes nothing and writes no audit row (idempotent: a retry succeeds).
Audit: identity.apikey_revoked (actor @ActorUserId, target the key id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50104 key unknown, deleted or of another organization; 50113 actor not a live owner/admin.
*/
CREATE PROCEDURE [identity].[RevokeApiKey]
    @OrganizationId INT,
    @ApiKeyId       INT,
    @ActorUserId    INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;
DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));
DECLARE @Message NVARCHAR (2048);
DECLARE @Found BIT = 0;
DECLARE @WasRevoked BIT = 0;

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
    SAVE TRANSACTION [RevokeApiKey];

SELECT @Found = 1,
       @WasRevoked = CASE WHEN [k].[RevokedAt] IS NULL THEN 0 ELSE 1 END
FROM [identity].[ApiKey] AS [k] WITH (UPDLOCK, HOLDLOCK)
WHERE [k].[ApiKeyId] = @ApiKeyId
  AND [k].[OrganizationId] = @OrganizationId
  AND [k].[DeletedAt] IS NULL;

IF @Found = 0
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RevokeApiKey];
    SET @Message = CONCAT(N'API key ', @ApiKeyId, N' does not exist, is deleted or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50104, @Message, 1;
END;

IF @WasRevoked = 0
BEGIN
    -- RevokedAt never precedes CreatedAt (CK_ApiKey_RevokedAfterCreated), even for a key created "in the future" by a
    -- client clock ahead of the server's.
    UPDATE [k]
    SET [k].[RevokedAt] = CASE WHEN @Now < [k].[CreatedAt] THEN [k].[CreatedAt] ELSE @Now END,
        [k].[RevokedByUserId] = @ActorUserId,
        [k].[UpdatedAt] = @Now
    FROM [identity].[ApiKey] AS [k]
    WHERE [k].[ApiKeyId] = @ApiKeyId
      AND [k].[OrganizationId] = @OrganizationId;

    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
    VALUES (@OrganizationId, 'user', @ActorUserId, 'identity.apikey_revoked', 'apikey', CONVERT (VARCHAR (100), @ApiKeyId));
END;

IF @TranCount = 0
    COMMIT TRANSACTION;
