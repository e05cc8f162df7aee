-- rule: Key prefixes of exactly 8 and exactly 16 characters with mixed case and underscores are accepted.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Shortest prefix', 'Ab_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 5), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
VALUES (@OrganizationId, @UserId, N'Longest prefix', 'Live_Key_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 7), HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())));
