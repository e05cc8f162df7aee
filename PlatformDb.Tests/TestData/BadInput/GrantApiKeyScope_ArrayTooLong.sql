-- expect-error: 50106
-- rule: A grant that would make the scope array longer than ApiKey.Scopes (1000 characters) is refused, not failed with 2628.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ApiKeyId INT;
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), N'["' + REPLICATE(N'a', 398) + N'","' + REPLICATE(N'b', 398) + N'"]');
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @Scope NVARCHAR(4000) = REPLICATE(N'c', 300);
EXECUTE [identity].[GrantApiKeyScope] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @Scope = @Scope;
