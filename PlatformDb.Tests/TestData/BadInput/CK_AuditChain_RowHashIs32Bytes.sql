-- expect: CK_AuditChain_RowHashIs32Bytes
-- rule: A link's hash is a SHA-256 value (32 bytes).
DECLARE @AuditEventId BIGINT;
-- An event without a link: only dbo can write one (the runner's transaction rolls the DISABLE back too).
DISABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL, NULL);
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
ENABLE TRIGGER [audit].[TR_AuditEvent_Chain] ON [audit].[AuditEvent];
INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
VALUES (@AuditEventId, 9000000000000000003, HASHBYTES('SHA2_256', N'previous'), 0x01);
