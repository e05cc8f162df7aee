-- expect: FK_AuditEvent_User_Actor
-- rule: A user actor exists.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'user', -1, NULL, 'case.append', NULL, NULL, NULL);
