/*
Checks the audit hash chain set-based (LAG over ChainPosition) and returns one row:
  ChainLinks, AuditEvents        rows in audit.AuditChain and audit.AuditEvent
  FirstBrokenPosition            the lowest position whose link does not verify (NULL when every link verifies): a gap in
                                 the positions, PreviousHash not equal to the previous RowHash, RowHash not equal to
                                 SHA2_256(PreviousHash + digest recomputed from the audit.AuditEvent row), or no event row
  BrokenLinks                    how many links fail one of those checks
  UnchainedEvents                audit events without a link (removed links, or events written with the trigger disabled)
  HeadPosition, HeadHash         the newest link
  AnchorMatches                  with @AnchorPosition/@AnchorHash (a head exported earlier by audit.GetAuditChainHead to
                                 storage the database administrators cannot rewrite): 1 when the link at that position
                                 still has that hash, 0 otherwise; NULL without an anchor
  IsIntact                       1 when nothing above is wrong
Without an anchor this detects a changed event, a changed link, a removed link (a gap, and the event unchained), a
removed event (a link without its event) and an event written with the chain trigger disabled (unchained), but not a
rewrite of events and chain together by someone who can disable triggers (db_owner), nor the newest events and their
links removed together: only a matching external anchor (a head exported earlier) rules those out.
Refuses (50404) when SESSION_CONTEXT(N'OrganizationId') is set or the caller is tenant-bound (platform_tenant_reader and
not db_owner): row-level security would hide events, and a partial view cannot be verified. 50405: only one anchor
parameter given, a position below 1 or a hash that is not 32 bytes. Reads only; cost is one scan of both tables.
*/
CREATE PROCEDURE [audit].[VerifyAuditChain]
    @AnchorPosition BIGINT = NULL,
    @AnchorHash     VARBINARY (32) = NULL
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
   OR (ISNULL(IS_MEMBER(N'platform_tenant_reader'), 0) = 1 AND ISNULL(IS_MEMBER(N'db_owner'), 0) = 0)
BEGIN
    SET XACT_ABORT OFF;
    THROW 50404, N'The audit chain can only be verified or exported without a session organization and not by a tenant-bound reader: row-level security would hide audit rows.', 1;
END;

IF (@AnchorPosition IS NULL AND @AnchorHash IS NOT NULL)
   OR (@AnchorPosition IS NOT NULL AND @AnchorHash IS NULL)
   OR @AnchorPosition < 1
   OR DATALENGTH(@AnchorHash) <> 32
BEGIN
    SET XACT_ABORT OFF;
    THROW 50405, N'Invalid audit chain anchor: give both @AnchorPosition (>= 1) and @AnchorHash (32 bytes), or neither.', 1;
END;

WITH [Links] AS
(
    SELECT [c].[ChainPosition],
           [c].[PreviousHash],
           [c].[RowHash],
           [e].[AuditEventId] AS [EventId],
           [d].[Digest],
           LAG([c].[ChainPosition]) OVER (ORDER BY [c].[ChainPosition]) AS [PriorPosition],
           LAG([c].[RowHash]) OVER (ORDER BY [c].[ChainPosition]) AS [PriorRowHash]
    FROM [audit].[AuditChain] AS [c]
    LEFT JOIN [audit].[AuditEvent] AS [e] ON [e].[AuditEventId] = [c].[AuditEventId]
    OUTER APPLY [audit].[AuditEventDigest]([e].[AuditEventId], [e].[OrganizationId], [e].[ActorType], [e].[ActorUserId],
        [e].[ActorApiKeyId], [e].[Action], [e].[TargetType], [e].[TargetId], [e].[OccurredAt], [e].[RequestId],
        [e].[Details]) AS [d]
),
[Checked] AS
(
    SELECT [l].[ChainPosition],
           [l].[RowHash],
           CASE
               WHEN [l].[EventId] IS NULL THEN 1
               WHEN [l].[ChainPosition] <> ISNULL([l].[PriorPosition], 0) + 1 THEN 1
               WHEN [l].[PriorPosition] IS NULL AND [l].[PreviousHash] IS NOT NULL THEN 1
               WHEN [l].[PriorPosition] IS NOT NULL
                    AND ([l].[PreviousHash] IS NULL OR [l].[PreviousHash] <> [l].[PriorRowHash]) THEN 1
               WHEN [l].[RowHash] <> HASHBYTES('SHA2_256', ISNULL([l].[PreviousHash], 0x) + [l].[Digest]) THEN 1
               ELSE 0
           END AS [IsBroken]
    FROM [Links] AS [l]
),
[Summary] AS
(
    SELECT COUNT_BIG(*) AS [ChainLinks],
           MIN(CASE WHEN [k].[IsBroken] = 1 THEN [k].[ChainPosition] END) AS [FirstBrokenPosition],
           SUM(CAST([k].[IsBroken] AS BIGINT)) AS [BrokenLinks],
           MAX([k].[ChainPosition]) AS [HeadPosition]
    FROM [Checked] AS [k]
)
SELECT [s].[ChainLinks],
       (SELECT COUNT_BIG(*) FROM [audit].[AuditEvent]) AS [AuditEvents],
       [s].[FirstBrokenPosition],
       ISNULL([s].[BrokenLinks], 0) AS [BrokenLinks],
       [u].[UnchainedEvents],
       [s].[HeadPosition],
       [h].[RowHash] AS [HeadHash],
       [a].[AnchorMatches],
       CAST(CASE
                WHEN [s].[FirstBrokenPosition] IS NULL AND [u].[UnchainedEvents] = 0 AND ISNULL([a].[AnchorMatches], 1) = 1 THEN 1
                ELSE 0
            END AS BIT) AS [IsIntact]
FROM [Summary] AS [s]
CROSS APPLY (SELECT COUNT_BIG(*) AS [UnchainedEvents]
             FROM [audit].[AuditEvent] AS [e]
             WHERE NOT EXISTS (SELECT 1 FROM [audit].[AuditChain] AS [c] WHERE [c].[AuditEventId] = [e].[AuditEventId])) AS [u]
OUTER APPLY (SELECT [c].[RowHash] FROM [audit].[AuditChain] AS [c] WHERE [c].[ChainPosition] = [s].[HeadPosition]) AS [h]
CROSS APPLY (SELECT CASE
                        WHEN @AnchorPosition IS NULL THEN NULL
                        WHEN EXISTS (SELECT 1 FROM [audit].[AuditChain] AS [c]
                                     WHERE [c].[ChainPosition] = @AnchorPosition AND [c].[RowHash] = @AnchorHash) THEN CAST(1 AS BIT)
                        ELSE CAST(0 AS BIT)
                    END AS [AnchorMatches]) AS [a];
