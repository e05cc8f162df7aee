-- expect-error: 50307
-- rule: A batch holds at least one event.
SET QUOTED_IDENTIFIER ON;
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @Events [usage].[UsageEventList];
EXECUTE [usage].[RecordUsageEvents] @OrganizationId = @OrganizationId, @Events = @Events;
