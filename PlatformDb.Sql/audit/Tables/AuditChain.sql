/*
v1.5.0: tamper evidence for audit.AuditEvent as a hash chain (docs/security.md, "Tamper-evident audit log"). One row per
audit event, appended by TR_AuditEvent_Chain in the same transaction as the event (and by
PostDeploy/Migrations/AuditChainBackfill.sql for events written before the chain existed):
RowHash(n) = SHA2_256(PreviousHash(n) + Digest(event)), PreviousHash(n) = RowHash(n - 1), PreviousHash(1) is NULL (the
empty string in the hash). audit.VerifyAuditChain recomputes every link; audit.GetAuditChainHead returns the newest
link for export to write-once storage outside the database. Not a ledger table on purpose (existing tables cannot be
converted, no retention, dropped ledger tables break dacpac publish: DacFx#630).
*/
CREATE TABLE [audit].[AuditChain]
(
    [AuditEventId]  BIGINT          NOT NULL,
    [ChainPosition] BIGINT          NOT NULL,
    [PreviousHash]  VARBINARY (32)  NULL,
    [RowHash]       VARBINARY (32)  NOT NULL,
    [ChainedAt]     DATETIME2 (3)   NOT NULL CONSTRAINT [DF_AuditChain_ChainedAt] DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT [PK_AuditChain] PRIMARY KEY CLUSTERED ([AuditEventId] ASC),
    CONSTRAINT [FK_AuditChain_AuditEvent] FOREIGN KEY ([AuditEventId]) REFERENCES [audit].[AuditEvent] ([AuditEventId]),
    CONSTRAINT [UQ_AuditChain_ChainPosition] UNIQUE NONCLUSTERED ([ChainPosition] ASC),
    CONSTRAINT [CK_AuditChain_PositionPositive] CHECK ([ChainPosition] >= 1),
    -- Only the first link has no predecessor.
    CONSTRAINT [CK_AuditChain_PreviousHashOnlyMissingAtStart] CHECK (
           ([ChainPosition] = 1 AND [PreviousHash] IS NULL)
        OR ([ChainPosition] > 1 AND DATALENGTH([PreviousHash]) = 32)),
    CONSTRAINT [CK_AuditChain_RowHashIs32Bytes] CHECK (DATALENGTH([RowHash]) = 32)
);
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Hash chain over audit.AuditEvent (tamper evidence, v1.5.0): one link per audit event, in chain order. Append-only (TR_AuditChain_AppendOnly). Detects a changed, removed or unchained audit row when checked with audit.VerifyAuditChain; a rewrite of events and chain together is detected only against a head exported earlier (audit.GetAuditChainHead).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The audit event this link covers (audit.AuditEvent); one link per event.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain',
    @level2type = N'COLUMN', @level2name = N'AuditEventId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Position in the chain, 1, 2, 3, ... without gaps; set under the chain''s application lock, not an IDENTITY (so SCOPE_IDENTITY() and @@IDENTITY of the audit insert are unaffected). May differ from AuditEventId order when transactions commit out of order.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain',
    @level2type = N'COLUMN', @level2name = N'ChainPosition';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'RowHash of the link at ChainPosition - 1; NULL only at position 1.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain',
    @level2type = N'COLUMN', @level2name = N'PreviousHash';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'SHA2_256 of PreviousHash (empty at position 1) followed by the event''s canonical digest (audit.AuditEventDigest).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain',
    @level2type = N'COLUMN', @level2name = N'RowHash';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the link was written (UTC); not part of any hash.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditChain',
    @level2type = N'COLUMN', @level2name = N'ChainedAt';
GO
