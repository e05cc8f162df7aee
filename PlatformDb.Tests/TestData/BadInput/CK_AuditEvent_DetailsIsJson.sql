-- expect: CK_AuditEvent_DetailsIsJson
-- rule: Details, when given, are JSON.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, N'{not json');
