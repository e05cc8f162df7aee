/*
v1.5.0: chains every audit.AuditEvent row that has no audit.AuditChain link yet, in AuditEventId order, after the
current head: on the first publish of v1.5.0 all earlier events, later nothing (idempotent), and after a rollback to
v1.4.1 (which drops the chain) and a re-apply, every event again from position 1 (an exported head from before the
rollback no longer matches; docs/security.md). Takes the same exclusive, transaction-owned application lock as
TR_AuditEvent_Chain, so events the service writes meanwhile are chained between two batches, never into one.
Uses audit.AuditEventDigest, which accepts every row an earlier release accepted (any Details length, NULLs anywhere).
Runs as the deployment identity without a session organization, so row-level security hides no audit row.
Cost: batches of @BatchSize events, each in its own short transaction under the lock (so the service's audit writers
wait for one batch at most, not for the whole backfill), one UPDATE per link (each hash needs the one before it).
Safe to stop half-way: committed batches are complete links, and the next run continues after the head.
*/
SET NOCOUNT ON;
SET XACT_ABORT ON;
SET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;
SET NUMERIC_ROUNDABORT OFF;

PRINT N'Migration: chain unchained audit.AuditEvent rows into audit.AuditChain';

DECLARE @BatchSize INT = 10000;
DECLARE @Total BIGINT = 0;
DECLARE @LockResult INT;
DECLARE @Position BIGINT;
DECLARE @Previous VARBINARY (32);
DECLARE @Ordinal BIGINT;
DECLARE @Count BIGINT = 1;

IF OBJECT_ID(N'tempdb..#AuditChainLinks') IS NOT NULL
    DROP TABLE [#AuditChainLinks];

CREATE TABLE [#AuditChainLinks]
(
    [Ordinal]      BIGINT         NOT NULL PRIMARY KEY,
    [AuditEventId] BIGINT         NOT NULL,
    [Digest]       VARBINARY (32) NOT NULL,
    [RowHash]      VARBINARY (32) NULL
);

WHILE @Count > 0
BEGIN
    BEGIN TRANSACTION;

    EXECUTE @LockResult = [sys].[sp_getapplock]
        @Resource = N'audit.AuditChain',
        @LockMode = 'Exclusive',
        @LockOwner = 'Transaction';
    IF @LockResult < 0
        THROW 50402, N'The audit chain lock could not be taken (timeout, deadlock or cancel); this batch was not chained (earlier batches were; the next publish continues).', 1;

    TRUNCATE TABLE [#AuditChainLinks];

    -- Under the lock: the trigger cannot chain an event between this read and the insert below.
    INSERT INTO [#AuditChainLinks] ([Ordinal], [AuditEventId], [Digest])
    SELECT ROW_NUMBER() OVER (ORDER BY [b].[AuditEventId]), [b].[AuditEventId], [d].[Digest]
    FROM (SELECT TOP (@BatchSize) [e].[AuditEventId], [e].[OrganizationId], [e].[ActorType], [e].[ActorUserId],
                 [e].[ActorApiKeyId], [e].[Action], [e].[TargetType], [e].[TargetId], [e].[OccurredAt], [e].[RequestId],
                 [e].[Details]
          FROM [audit].[AuditEvent] AS [e]
          WHERE NOT EXISTS (SELECT 1 FROM [audit].[AuditChain] AS [c] WITH (READCOMMITTEDLOCK)
                            WHERE [c].[AuditEventId] = [e].[AuditEventId])
          ORDER BY [e].[AuditEventId]) AS [b]
    CROSS APPLY [audit].[AuditEventDigest]([b].[AuditEventId], [b].[OrganizationId], [b].[ActorType], [b].[ActorUserId],
        [b].[ActorApiKeyId], [b].[Action], [b].[TargetType], [b].[TargetId], [b].[OccurredAt], [b].[RequestId],
        [b].[Details]) AS [d];
    SET @Count = @@ROWCOUNT;

    SET @Position = NULL;
    SET @Previous = NULL;
    SELECT TOP (1) @Position = [c].[ChainPosition], @Previous = [c].[RowHash]
    FROM [audit].[AuditChain] AS [c] WITH (READCOMMITTEDLOCK)
    ORDER BY [c].[ChainPosition] DESC;
    SET @Position = ISNULL(@Position, 0);

    -- "SET @variable = column = expression" sets the variable to the value given to the column (UPDATE docs): one
    -- statement per link, @Previous carrying the hash to the next one.
    SET @Ordinal = 1;
    WHILE @Ordinal <= @Count
    BEGIN
        UPDATE [#AuditChainLinks]
        SET @Previous = [RowHash] = HASHBYTES('SHA2_256', ISNULL(@Previous, 0x) + [Digest])
        WHERE [Ordinal] = @Ordinal;
        SET @Ordinal += 1;
    END;

    -- PreviousHash of each link is the RowHash of the one before it (of the head for the first of the batch).
    INSERT INTO [audit].[AuditChain] ([AuditEventId], [ChainPosition], [PreviousHash], [RowHash])
    SELECT [l].[AuditEventId],
           @Position + [l].[Ordinal],
           CASE WHEN [l].[Ordinal] = 1
                THEN (SELECT [h].[RowHash] FROM [audit].[AuditChain] AS [h] WHERE [h].[ChainPosition] = @Position)
                ELSE LAG([l].[RowHash]) OVER (ORDER BY [l].[Ordinal]) END,
           [l].[RowHash]
    FROM [#AuditChainLinks] AS [l];

    COMMIT TRANSACTION;
    SET @Total += @Count;
END;

PRINT CONCAT(N'  chained ', @Total, N' audit event(s)');

DROP TABLE [#AuditChainLinks];
GO
