/*
audit.AuditChain is append-only like audit.AuditEvent: every UPDATE or DELETE is refused with error 50403 and rolled back
(XACT_ABORT is ON by default inside triggers). Only TR_AuditEvent_Chain and the post-deployment backfill insert.
*/
CREATE TRIGGER [audit].[TR_AuditChain_AppendOnly]
ON [audit].[AuditChain]
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    THROW 50403, N'audit.AuditChain is append-only: links cannot be updated or deleted.', 1;
END;
