-- expect: FK_Budget_Organization
-- rule: A budget belongs to an existing organization.
INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [Currency], [LimitAmount], [LimitTokens], [AlertThreshold])
VALUES (-1, 'organization', NULL, NULL, 'monthly', 'USD', 100, NULL, NULL);
