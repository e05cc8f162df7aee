/*
identity.RevokeApiKey: revokes at the server's clock with the actor and one audit row; idempotent; refusals 50104
(key of another organization) and 50113 (actor not a live owner/admin).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'RevokeApiKeyTests';
GO

CREATE PROCEDURE [RevokeApiKeyTests].[test revoking a key records the actor and one audit row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @RevokedBy INT, @RevokedAt DATETIME2 (3), @AuditRows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId;

    SELECT @RevokedBy = [RevokedByUserId], @RevokedAt = [RevokedAt] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = @OwnerUserId, @Actual = @RevokedBy;
    IF @RevokedAt IS NULL
        EXECUTE tSQLt.Fail N'RevokedAt must be set.';
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'identity.apikey_revoked' AND [TargetId] = CONVERT (VARCHAR (100), @ApiKeyId);
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [RevokeApiKeyTests].[test revoking twice keeps the first revocation and writes one audit row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @AdminUserId INT, @ApiKeyId INT, @RevokedBy INT, @AuditRows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'admin', @UserId = @AdminUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @OwnerUserId;
    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @AdminUserId;

    SELECT @RevokedBy = [RevokedByUserId] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = @OwnerUserId, @Actual = @RevokedBy, @Message = N'first revocation kept';
    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'identity.apikey_revoked';
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows, @Message = N'one audit row';
END;
GO

CREATE PROCEDURE [RevokeApiKeyTests].[test a key of another organization is refused with 50104 and stays live]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT, @OtherApiKeyId INT;
    DECLARE @ErrorNumber INT, @RevokedAt DATETIME2 (3);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherApiKeyId OUTPUT;

    BEGIN TRY
        EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @ActorUserId = @OwnerUserId;
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;

    EXECUTE tSQLt.AssertEquals @Expected = 50104, @Actual = @ErrorNumber;
    SELECT @RevokedAt = [RevokedAt] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @OtherApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = NULL, @Actual = @RevokedAt, @Message = N'the other organization''s key is untouched';
END;
GO

CREATE PROCEDURE [RevokeApiKeyTests].[test a viewer may not revoke keys (50113)]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ViewerUserId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewMember] @OrganizationId = @OrganizationId, @Role = 'viewer', @UserId = @ViewerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50113;
    EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @ViewerUserId;
END;
GO
