-- expect: FK_AuditChain_AuditEvent
-- rule: A chain link covers an existing audit event.
INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
VALUES (-1, 9000000000000000001, HASHBYTES('SHA2_256', N'previous'), HASHBYTES('SHA2_256', N'row'));
