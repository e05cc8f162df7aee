/*
v1.5.0: appends one audit.AuditChain link per inserted audit event, in AuditEventId order, in the inserting
transaction. Under an exclusive application lock owned by that transaction (sp_getapplock: with @LockOwner =
'Transaction' it must run inside a transaction, which a trigger always does, and the lock is released when the
transaction commits or rolls back), so concurrent inserters append one after the other and read a head no one else is
extending; a rolled-back inserter takes its links with it and leaves no gap. Cost: every transaction that writes an
audit event holds the lock until it ends, so audit-writing transactions are serialized from their audit insert on.
Digests come from the inserted rows (audit.AuditEventDigest), never from re-reading audit.AuditEvent, which row-level
security may filter. Failing to get the lock (return code < 0: -1 timeout, -2 cancelled, -3 deadlock victim, -999
parameter or other error; sp_getapplock docs) raises 50402 and, XACT_ABORT being ON in triggers, rolls back the insert.
The head is read WITH (READCOMMITTEDLOCK) after the lock is granted; a writer in SNAPSHOT isolation whose head would
still be stale (not verified on a server) meets UQ_AuditChain_ChainPosition (error 2627) and rolls back: no fork.
Client-visible since v1.5.0: an INSERT into audit.AuditEvent with OUTPUT but without INTO fails, because "the target of
the DML operation cannot have any enabled trigger defined on it for the given DML action" (OUTPUT clause docs); use
OUTPUT ... INTO or SCOPE_IDENTITY(). The chain table has no IDENTITY, so SCOPE_IDENTITY() and @@IDENTITY still return
the audit event's id.
*/
CREATE TRIGGER [audit].[TR_AuditEvent_Chain]
ON [audit].[AuditEvent]
AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;

    IF NOT EXISTS (SELECT 1 FROM [inserted])
        RETURN;

    DECLARE @Position BIGINT;
    DECLARE @Previous VARBINARY (32);
    DECLARE @Ordinal BIGINT = 1;
    DECLARE @Count BIGINT;
    DECLARE @Links TABLE
    (
        [Ordinal]      BIGINT         NOT NULL PRIMARY KEY,
        [AuditEventId] BIGINT         NOT NULL,
        [Digest]       VARBINARY (32) NOT NULL,
        [PreviousHash] VARBINARY (32) NULL,
        [RowHash]      VARBINARY (32) NULL
    );

    -- Dynamic SQL only because the model has no reference to master's system procedures (SQL71502); it runs in this
    -- session and transaction, so the lock is still owned by the inserting transaction.
    EXECUTE (N'DECLARE @LockResult INT;
EXECUTE @LockResult = sys.sp_getapplock @Resource = N''audit.AuditChain'', @LockMode = ''Exclusive'', @LockOwner = ''Transaction'';
IF @LockResult < 0
    THROW 50402, N''The audit chain lock could not be taken (timeout, deadlock or cancel); the audit event was not written.'', 1;');

    INSERT INTO @Links ([Ordinal], [AuditEventId], [Digest])
    SELECT ROW_NUMBER() OVER (ORDER BY [i].[AuditEventId]), [i].[AuditEventId], [d].[Digest]
    FROM [inserted] AS [i]
    CROSS APPLY [audit].[AuditEventDigest]([i].[AuditEventId], [i].[OrganizationId], [i].[ActorType], [i].[ActorUserId],
        [i].[ActorApiKeyId], [i].[Action], [i].[TargetType], [i].[TargetId], [i].[OccurredAt], [i].[RequestId],
        [i].[Details]) AS [d];
    SET @Count = @@ROWCOUNT;

    -- READCOMMITTEDLOCK: a locking read of the newest committed head "regardless of the setting of the
    -- READ_COMMITTED_SNAPSHOT database option" (table hints docs), so a row-versioned read cannot hand this trigger a
    -- head older than the lock it holds. (Not allowed on an INSERT target, error 4140; this is a plain SELECT.)
    SELECT TOP (1) @Position = [c].[ChainPosition], @Previous = [c].[RowHash]
    FROM [audit].[AuditChain] AS [c] WITH (READCOMMITTEDLOCK)
    ORDER BY [c].[ChainPosition] DESC;
    SET @Position = ISNULL(@Position, 0);

    -- Each link needs the one before it, so the links are computed in order; an insert is one row almost always.
    WHILE @Ordinal <= @Count
    BEGIN
        UPDATE @Links
        SET [PreviousHash] = @Previous,
            [RowHash] = HASHBYTES('SHA2_256', ISNULL(@Previous, 0x) + [Digest])
        WHERE [Ordinal] = @Ordinal;
        SELECT @Previous = [RowHash] FROM @Links WHERE [Ordinal] = @Ordinal;
        SET @Ordinal += 1;
    END;

    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    SELECT [l].[AuditEventId], @Position + [l].[Ordinal], [l].[PreviousHash], [l].[RowHash]
    FROM @Links AS [l];
END;
