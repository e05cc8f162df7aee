/*
v1.5.0: chains every audit.AuditEvent row that has no audit.AuditChain link yet, in AuditEventId order, after the
current head: on the first publish of v1.5.0 all earlier events, later nothing (idempotent), and after a rollback to
v1.4.1 (which drops the chain) and a re-apply, every event again from position 1 (an exported head from before the
rollback no longer matches; docs/security.md). Takes the same exclusive, transaction-owned application lock as
TR_AuditEvent_Chain, so events the service writes meanwhile are chained before or after the backfill, never into it.
Uses audit.AuditEventDigest, which accepts every row an earlier release accepted (any Details length, NULLs anywhere).
Runs as the deployment identity without a session organization, so row-level security hides no audit row.
Cost: one pass over the unchained events, one link at a time (each hash needs the one before it).
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Migration: chain unchained audit.AuditEvent rows into audit.AuditChain';

BEGIN TRANSACTION;

DECLARE @LockResult INT;
EXECUTE @LockResult = [sys].[sp_getapplock]
    @Resource = N'audit.AuditChain',
    @LockMode = 'Exclusive',
    @LockOwner = 'Transaction';
IF @LockResult < 0
    THROW 50402, N'The audit chain lock could not be taken (timeout, deadlock or cancel); nothing was chained.', 1;

DECLARE @Position BIGINT;
DECLARE @Previous VARBINARY (32);
DECLARE @Ordinal BIGINT = 1;
DECLARE @Count BIGINT;

CREATE TABLE [#Links]
(
    [Ordinal]      BIGINT         NOT NULL PRIMARY KEY,
    [AuditEventId] BIGINT         NOT NULL,
    [Digest]       VARBINARY (32) NOT NULL,
    [PreviousHash] VARBINARY (32) NULL,
    [RowHash]      VARBINARY (32) NULL
);

INSERT INTO [#Links] ([Ordinal], [AuditEventId], [Digest])
SELECT ROW_NUMBER() OVER (ORDER BY [e].[AuditEventId]), [e].[AuditEventId], [d].[Digest]
FROM [audit].[AuditEvent] AS [e]
CROSS APPLY [audit].[AuditEventDigest]([e].[AuditEventId], [e].[OrganizationId], [e].[ActorType], [e].[ActorUserId],
    [e].[ActorApiKeyId], [e].[Action], [e].[TargetType], [e].[TargetId], [e].[OccurredAt], [e].[RequestId],
    [e].[Details]) AS [d]
WHERE NOT EXISTS (SELECT 1 FROM [audit].[AuditChain] AS [c] WHERE [c].[AuditEventId] = [e].[AuditEventId]);
SET @Count = @@ROWCOUNT;

SELECT TOP (1) @Position = [c].[ChainPosition], @Previous = [c].[RowHash]
FROM [audit].[AuditChain] AS [c]
ORDER BY [c].[ChainPosition] DESC;
SET @Position = ISNULL(@Position, 0);

WHILE @Ordinal <= @Count
BEGIN
    UPDATE [#Links]
    SET [PreviousHash] = @Previous,
        [RowHash] = HASHBYTES('SHA2_256', ISNULL(@Previous, 0x) + [Digest])
    WHERE [Ordinal] = @Ordinal;
    SELECT @Previous = [RowHash] FROM [#Links] WHERE [Ordinal] = @Ordinal;
    SET @Ordinal += 1;
END;

INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
SELECT [l].[AuditEventId], @Position + [l].[Ordinal], [l].[PreviousHash], [l].[RowHash]
FROM [#Links] AS [l];

PRINT CONCAT(N'  chained ', @Count, N' audit event(s)');

DROP TABLE [#Links];

COMMIT TRANSACTION;
GO
