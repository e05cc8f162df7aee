-- expect: FK_AuditEvent_ApiKey_Actor
-- rule: An API-key actor exists.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'apikey', NULL, -1, 'case.append', NULL, NULL, NULL);
