-- expect: CK_AuditEvent_ActionShape
-- rule: An action is lower-case 'noun.verb' of a-z, 0-9, '.' and '_'.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'revoke', NULL, NULL, NULL);
