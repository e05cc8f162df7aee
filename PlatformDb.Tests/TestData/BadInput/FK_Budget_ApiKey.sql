-- expect: FK_Budget_ApiKey
-- covers: UQ_ApiKey_Organization_ApiKeyId
-- rule: An API-key budget's key belongs to the budget's own organization.
-- note: UQ_ApiKey_Organization_ApiKeyId is only the target of this foreign key; ApiKeyId alone is the primary key, so no row can duplicate the pair.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ApiKeyId INT;
DECLARE @KeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), @KeyHash);
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @OtherOrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Other organization');
SET @OtherOrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OtherOrganizationId, 'apikey', NULL, @ApiKeyId, 'monthly', 'USD', 100, NULL, NULL);
