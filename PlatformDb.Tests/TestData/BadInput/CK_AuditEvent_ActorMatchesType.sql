-- expect: CK_AuditEvent_ActorMatchesType
-- rule: A user event names its user and no key (apikey: the key only; system: neither).
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'user', NULL, NULL, 'case.append', NULL, NULL, NULL);
