-- expect: CK_Provider_DeletedAfterCreated
-- rule: A provider cannot be deleted before it was created.
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
UPDATE [catalog].[Provider] SET [DeletedAt] = DATEADD(DAY, -1, [CreatedAt]) WHERE [ProviderId] = @ProviderId;
