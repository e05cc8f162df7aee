-- expect: CK_AuditEvent_TargetIdNeedsType
-- rule: A target id is only recorded with its target type.
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, '42', NULL);
