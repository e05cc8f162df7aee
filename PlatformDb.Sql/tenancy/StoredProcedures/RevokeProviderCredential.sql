/*
Revokes a provider credential of the caller's organization at the server's now (RevokedAt, RevokedByUserId): it is
never returned by tenancy.GetProviderCredential again. The actor must be a live owner or admin of @OrganizationId.
A credential of another organization or an unknown one is refused alike (50524). Revoking an already revoked credential
changes nothing and writes no audit row (idempotent: a retry succeeds). The encrypted row is kept for history; it stays
undecryptable once its KEK version is destroyed.
Audit: tenancy.provider_credential_revoked (actor @ActorUserId, target the credential id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50520 actor not a live owner/admin; 50524 credential unknown or of another organization.
*/
CREATE PROCEDURE [tenancy].[RevokeProviderCredential]
    @OrganizationId       INT,
    @ProviderCredentialId INT,
    @ActorUserId          INT
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
    THROW 50520, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [RevokeProviderCredential];

SELECT @Found = 1,
       @WasRevoked = CASE WHEN [c].[RevokedAt] IS NULL THEN 0 ELSE 1 END
FROM [tenancy].[ProviderCredential] AS [c] WITH (UPDLOCK, HOLDLOCK)
WHERE [c].[ProviderCredentialId] = @ProviderCredentialId
  AND [c].[OrganizationId] = @OrganizationId;

IF @Found = 0
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [RevokeProviderCredential];
    SET @Message = CONCAT(N'Provider credential ', @ProviderCredentialId, N' does not exist or belongs to another organization.');
    SET XACT_ABORT OFF;
    THROW 50524, @Message, 1;
END;

IF @WasRevoked = 0
BEGIN
    -- RevokedAt never precedes CreatedAt (CK_ProviderCredential_RevokedAfterCreated).
    UPDATE [c]
    SET [c].[RevokedAt] = CASE WHEN @Now < [c].[CreatedAt] THEN [c].[CreatedAt] ELSE @Now END,
        [c].[RevokedByUserId] = @ActorUserId,
        [c].[UpdatedAt] = @Now
    FROM [tenancy].[ProviderCredential] AS [c]
    WHERE [c].[ProviderCredentialId] = @ProviderCredentialId
      AND [c].[OrganizationId] = @OrganizationId;

    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
    VALUES (@OrganizationId, 'user', @ActorUserId, 'tenancy.provider_credential_revoked', 'provider_credential',
            CONVERT (VARCHAR (100), @ProviderCredentialId));
END;

IF @TranCount = 0
    COMMIT TRANSACTION;
