-- expect: UQ_AuditChain_ChainPosition
-- rule: Two links never share a chain position.
DECLARE @ChainedId BIGINT;
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @ChainedId = CAST(SCOPE_IDENTITY() AS BIGINT);
DECLARE @AuditEventId BIGINT;
-- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
SELECT @AuditEventId, [c].[ChainPosition], [c].[PreviousHash], [c].[RowHash]
FROM [audit].[AuditChain] AS [c]
WHERE [c].[AuditEventId] = @ChainedId;
