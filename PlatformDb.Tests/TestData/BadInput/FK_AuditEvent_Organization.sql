-- expect: FK_AuditEvent_Organization
-- rule: An event's organization, when given, exists.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (-1, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
