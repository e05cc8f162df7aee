-- rule: A deleted provider's display name can be shown by a new provider.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @DisplayName NVARCHAR(200) = (SELECT [DisplayName] FROM [catalog].[Provider] WHERE [ProviderId] = @ProviderId);
UPDATE [catalog].[Provider] SET [DeletedAt] = SYSUTCDATETIME() WHERE [ProviderId] = @ProviderId;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), @DisplayName);
