/*
audit.AuditEvent is append-only: every UPDATE or DELETE is refused with error 50401 and rolled back
(XACT_ABORT is ON by default inside triggers). Retention, if ever needed, is a deliberate
DISABLE TRIGGER by an administrator, never an application path.
*/
CREATE TRIGGER [audit].[TR_AuditEvent_AppendOnly]
ON [audit].[AuditEvent]
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    THROW 50401, N'audit.AuditEvent is append-only: rows cannot be updated or deleted.', 1;
END;
