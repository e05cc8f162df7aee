/*
identity.ListApiKeys: the non-deleted keys of one organization (revoked ones included), never another organization's,
with LastUsedAt the newer of ApiKey.LastUsedAt (v1.0.0/v1.1.0) and identity.ApiKeyLastUse (v1.2.0 on).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'ListApiKeysTests';
GO

CREATE PROCEDURE [ListApiKeysTests].[test only the organization's non-deleted keys are listed, revoked ones included]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @OtherOrganizationId INT, @OtherOwnerUserId INT;
    DECLARE @LiveKey INT, @RevokedKey INT, @DeletedKey INT, @OtherKey INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OtherOrganizationId OUTPUT, @OwnerUserId = @OtherOwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @LiveKey OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @RevokedKey OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @DeletedKey OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OtherOrganizationId, @CreatedByUserId = @OtherOwnerUserId, @ApiKeyId = @OtherKey OUTPUT;
    UPDATE [identity].[ApiKey] SET [RevokedAt] = SYSUTCDATETIME(), [RevokedByUserId] = @OwnerUserId WHERE [ApiKeyId] = @RevokedKey;
    UPDATE [identity].[ApiKey] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ApiKeyId] = @DeletedKey;

    CREATE TABLE [#Listed] ([ApiKeyId] INT, [Name] NVARCHAR (100), [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000),
                            [CreatedAt] DATETIME2 (3), [ExpiresAt] DATETIME2 (3), [RevokedAt] DATETIME2 (3), [LastUsedAt] DATETIME2 (3));
    INSERT INTO [#Listed] EXECUTE [identity].[ListApiKeys] @OrganizationId = @OrganizationId;

    SELECT [ApiKeyId] INTO [#Actual] FROM [#Listed];
    SELECT [v].[ApiKeyId] INTO [#Expected] FROM (VALUES (@LiveKey), (@RevokedKey)) AS [v] ([ApiKeyId]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ListApiKeysTests].[test the last use is the newer of the legacy column and ApiKeyLastUse]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @LegacyNewer INT, @TableNewer INT, @Never INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @LegacyNewer OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @TableNewer OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @Never OUTPUT, @CreatedAt = '2026-01-01T00:00:00';
    UPDATE [identity].[ApiKey] SET [LastUsedAt] = '2026-03-02T00:00:00' WHERE [ApiKeyId] = @LegacyNewer;
    UPDATE [identity].[ApiKey] SET [LastUsedAt] = '2026-03-01T00:00:00' WHERE [ApiKeyId] = @TableNewer;
    INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt])
    VALUES (@LegacyNewer, '2026-03-01T00:00:00'), (@TableNewer, '2026-03-05T00:00:00');

    CREATE TABLE [#Listed] ([ApiKeyId] INT, [Name] NVARCHAR (100), [KeyPrefix] VARCHAR (16), [Scopes] NVARCHAR (1000),
                            [CreatedAt] DATETIME2 (3), [ExpiresAt] DATETIME2 (3), [RevokedAt] DATETIME2 (3), [LastUsedAt] DATETIME2 (3));
    INSERT INTO [#Listed] EXECUTE [identity].[ListApiKeys] @OrganizationId = @OrganizationId;

    SELECT [ApiKeyId], [LastUsedAt] INTO [#Actual] FROM [#Listed];
    CREATE TABLE [#Expected] ([ApiKeyId] INT, [LastUsedAt] DATETIME2 (3));
    INSERT INTO [#Expected] VALUES (@LegacyNewer, '2026-03-02T00:00:00'), (@TableNewer, '2026-03-05T00:00:00'), (@Never, NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
