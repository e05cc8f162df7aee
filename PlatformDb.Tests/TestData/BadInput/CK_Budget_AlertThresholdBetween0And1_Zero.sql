-- expect: CK_Budget_AlertThresholdBetween0And1
-- rule: An alert threshold, when set, is a fraction above 0 and at most 1.
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (@OrganizationId, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, 0);
