-- rule: User, API-key and system events with targets, request ids and JSON details are accepted.
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
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'user', @UserId, NULL, 'apikey.create', 'apikey', CAST(@ApiKeyId AS VARCHAR(100)), N'{"scopes": ["chat:write"]}');
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (@OrganizationId, 'apikey', NULL, @ApiKeyId, 'budget.consume_v2', NULL, NULL, NULL);
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'schema.deploy', 'database', NULL, NULL);
