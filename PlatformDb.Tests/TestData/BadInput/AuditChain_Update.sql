-- expect-error: 50403
-- rule: Audit chain links cannot be updated.
DECLARE @AuditEventId BIGINT;
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
UPDATE [audit].[AuditChain] SET [RowHash] = HASHBYTES('SHA2_256', N'forged') WHERE [AuditEventId] = @AuditEventId;
