/*
identity.GrantApiKeyScope and identity.RevokeApiKeyScope: they rewrite the source of truth (ApiKey.Scopes, JSON) and
TR_ApiKey_SyncScopes mirrors it into identity.ApiKeyScope. Refusals: 50104 (key unknown, deleted or of another
organization: the tenant scope), 50105 (scope blank or longer than 400 characters), 50106 (array would outgrow 1000).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'ApiKeyScopeTests';
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test granting a scope appends it to the JSON and mirrors it as a row]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @Scopes NVARCHAR (1000);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["usage:read"]';

    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'billing/read';

    SELECT @Scopes = [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    -- The '/' stays unescaped (identity.ScopeArrayElements undoes STRING_ESCAPE's \/).
    EXECUTE tSQLt.AssertEqualsString @Expected = N'["usage:read","billing/read"]', @Actual = @Scopes;

    SELECT [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    SELECT [v].[Scope] INTO [#Expected] FROM (VALUES (CAST(N'usage:read' AS NVARCHAR (400))), (N'billing/read')) AS [v] ([Scope]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test granting a scope the key has in another case changes nothing]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @Scopes NVARCHAR (1000);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["Usage:Read"]';

    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'usage:read';

    SELECT @Scopes = [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'["Usage:Read"]', @Actual = @Scopes;
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test granting on a key of another organization is refused with 50104]
AS
BEGIN
    DECLARE @OrganizationId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT, @OtherApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @OtherApiKeyId, @Scope = N'admin:all';
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test granting a blank scope is refused with 50105]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50105;
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'   ';
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test granting a scope longer than 400 characters is refused with 50105]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @LongScope NVARCHAR (4000) = REPLICATE(N's', 401);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @ApiKeyId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50105;
    EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = @LongScope;
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test a grant that would make the scope array longer than 1000 characters is refused with 50106 and changes nothing]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @ErrorNumber INT, @Scopes NVARCHAR (1000);
    -- Two 400-character scopes: ["...","..."] is 805 characters; a third 400-character scope would make it 1206.
    DECLARE @Initial NVARCHAR (1000) = CONCAT(N'["', REPLICATE(N'a', 400), N'","', REPLICATE(N'b', 400), N'"]');
    DECLARE @Third NVARCHAR (4000) = REPLICATE(N'c', 400);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = @Initial;

    BEGIN TRY
        EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = @Third;
    END TRY
    BEGIN CATCH
        SET @ErrorNumber = ERROR_NUMBER();
    END CATCH;

    EXECUTE tSQLt.AssertEquals @Expected = 50106, @Actual = @ErrorNumber;
    SELECT @Scopes = [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEqualsString @Expected = @Initial, @Actual = @Scopes;
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test revoking a scope removes every case variant from the JSON and the rows]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @Scopes NVARCHAR (1000), @Rows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["usage:read","billing:read","USAGE:READ",7]';

    EXECUTE [identity].[RevokeApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'usage:read';

    SELECT @Scopes = [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    -- Non-string elements are kept as they were; only strings equal to the scope go.
    EXECUTE tSQLt.AssertEqualsString @Expected = N'["billing:read",7]', @Actual = @Scopes;
    SELECT @Rows = COUNT(*) FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId AND [Scope] = N'usage:read';
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Rows;
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test revoking the last scope leaves an empty array]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @Scopes NVARCHAR (1000);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["usage:read"]';

    EXECUTE [identity].[RevokeApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'usage:read';

    SELECT @Scopes = [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'[]', @Actual = @Scopes;
END;
GO

CREATE PROCEDURE [ApiKeyScopeTests].[test revoking on a deleted key is refused with 50104]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["usage:read"]';
    UPDATE [identity].[ApiKey] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ApiKeyId] = @ApiKeyId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50104;
    EXECUTE [identity].[RevokeApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = N'usage:read';
END;
GO
