/*
The scope dual-write: TR_ApiKey_SyncScopes mirrors ApiKey.Scopes into identity.ApiKeyScope on every insert and every
update that touches Scopes, through identity.ScopeProjection, which skips invalid elements instead of failing the
write. identity.ApiKey is written directly here (the v1.0.0 code path the trigger exists for). It is not faked:
identity.ApiKey carries an OrganizationId, so the row-level security policy of issue 14 binds it (see TestData.sql).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'ScopeSyncTests';
GO

CREATE PROCEDURE [ScopeSyncTests].[test a directly inserted key gets one row per valid scope]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["usage:read","usage:write"]';

    SELECT [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    SELECT [v].[Scope] INTO [#Expected] FROM (VALUES (CAST(N'usage:read' AS NVARCHAR (400))), (N'usage:write')) AS [v] ([Scope]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ScopeSyncTests].[test invalid elements are skipped without failing the write]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    DECLARE @Scopes NVARCHAR (1000) = CONCAT(N'["ok", null, 42, true, {"a":1}, "  ", "OK", "ok ", "', REPLICATE(N'x', 401), N'"]');
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;

    EXECUTE tSQLt.ExpectNoException;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = @Scopes;

    SELECT [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    SELECT [v].[Scope] INTO [#Expected] FROM (VALUES (CAST(N'ok' AS NVARCHAR (400)))) AS [v] ([Scope]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ScopeSyncTests].[test updating Scopes replaces the projected rows]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["a","b"]';

    UPDATE [identity].[ApiKey] SET [Scopes] = N'["b","c"]' WHERE [ApiKeyId] = @ApiKeyId;

    SELECT [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    SELECT [v].[Scope] INTO [#Expected] FROM (VALUES (CAST(N'b' AS NVARCHAR (400))), (N'c')) AS [v] ([Scope]);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ScopeSyncTests].[test an update that does not touch Scopes leaves the projection alone]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @ApiKeyId INT, @Rows INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId,
        @ApiKeyId = @ApiKeyId OUTPUT, @Scopes = N'["a"]';
    -- A row the JSON does not hold: only a Scopes write would remove it (IF NOT UPDATE([Scopes]) RETURN).
    INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope]) VALUES (@ApiKeyId, N'stray');

    UPDATE [identity].[ApiKey] SET [Name] = N'Renamed' WHERE [ApiKeyId] = @ApiKeyId;

    SELECT @Rows = COUNT(*) FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @ApiKeyId;
    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @Rows;
END;
GO

CREATE PROCEDURE [ScopeSyncTests].[test ScopeProjection gives the reason for every skipped element]
AS
BEGIN
    SELECT [Position], [Scope], [SkipReason]
    INTO [#Actual]
    FROM [identity].[ScopeProjection](N'["ok", null, 42, "  ", "OK"]');

    CREATE TABLE [#Expected] ([Position] INT, [Scope] NVARCHAR (400), [SkipReason] NVARCHAR (60));
    INSERT INTO [#Expected] ([Position], [Scope], [SkipReason])
    VALUES (0, N'ok', NULL),
           (1, NULL, N'JSON null'),
           (2, NULL, N'not a string'),
           (3, NULL, N'blank'),
           (4, N'OK', N'duplicate of an earlier element (case or trailing spaces)');
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO

CREATE PROCEDURE [ScopeSyncTests].[test a multi-row update projects every key]
AS
BEGIN
    DECLARE @OrganizationId INT, @OwnerUserId INT, @FirstKey INT, @SecondKey INT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @OwnerUserId OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @FirstKey OUTPUT;
    EXECUTE [TestData].[NewApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @OwnerUserId, @ApiKeyId = @SecondKey OUTPUT;

    UPDATE [identity].[ApiKey] SET [Scopes] = N'["shared"]' WHERE [OrganizationId] = @OrganizationId;

    SELECT [ApiKeyId], [Scope] INTO [#Actual] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] IN (@FirstKey, @SecondKey);
    CREATE TABLE [#Expected] ([ApiKeyId] INT, [Scope] NVARCHAR (400));
    INSERT INTO [#Expected] VALUES (@FirstKey, N'shared'), (@SecondKey, N'shared');
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';
END;
GO
