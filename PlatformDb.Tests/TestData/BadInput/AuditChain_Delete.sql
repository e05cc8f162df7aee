-- expect-error: 50403
-- rule: Audit chain links cannot be deleted.
DECLARE @AuditEventId BIGINT;
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
DELETE FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId;
