-- expect-error: 50401
-- rule: Audit events cannot be updated.
DECLARE @AuditEventId BIGINT;
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
UPDATE [audit].[AuditEvent] SET [RequestId] = 'rewritten' WHERE [AuditEventId] = @AuditEventId;
