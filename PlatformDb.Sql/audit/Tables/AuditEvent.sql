CREATE TABLE [audit].[AuditEvent]
(
    [AuditEventId]   BIGINT IDENTITY (1, 1) NOT NULL,
    [OrganizationId] INT                    NULL,
    [ActorType]      VARCHAR (10)           NOT NULL,
    [ActorUserId]    INT                    NULL,
    [ActorApiKeyId]  INT                    NULL,
    [Action]         VARCHAR (100)          NOT NULL,
    [TargetType]     VARCHAR (50)           NULL,
    [TargetId]       VARCHAR (100)          NULL,
    [OccurredAt]     DATETIME2 (3)          NOT NULL CONSTRAINT [DF_AuditEvent_OccurredAt] DEFAULT (SYSUTCDATETIME()),
    [RequestId]      VARCHAR (64)           NULL,
    [Details]        NVARCHAR (MAX)         NULL,
    CONSTRAINT [PK_AuditEvent] PRIMARY KEY CLUSTERED ([AuditEventId] ASC),
    CONSTRAINT [FK_AuditEvent_Organization] FOREIGN KEY ([OrganizationId]) REFERENCES [tenancy].[Organization] ([OrganizationId]),
    CONSTRAINT [FK_AuditEvent_User_Actor] FOREIGN KEY ([ActorUserId]) REFERENCES [identity].[User] ([UserId]),
    CONSTRAINT [FK_AuditEvent_ApiKey_Actor] FOREIGN KEY ([ActorApiKeyId]) REFERENCES [identity].[ApiKey] ([ApiKeyId]),
    CONSTRAINT [CK_AuditEvent_ActorTypeKnown] CHECK ([ActorType] IN ('user', 'apikey', 'system')),
    CONSTRAINT [CK_AuditEvent_ActorMatchesType] CHECK (
           ([ActorType] = 'user' AND [ActorUserId] IS NOT NULL AND [ActorApiKeyId] IS NULL)
        OR ([ActorType] = 'apikey' AND [ActorApiKeyId] IS NOT NULL AND [ActorUserId] IS NULL)
        OR ([ActorType] = 'system' AND [ActorUserId] IS NULL AND [ActorApiKeyId] IS NULL)),
    CONSTRAINT [CK_AuditEvent_ActionShape] CHECK (
        [Action] COLLATE Latin1_General_100_BIN2 LIKE '[a-z]%.[a-z]%'
        AND [Action] COLLATE Latin1_General_100_BIN2 NOT LIKE '%[^a-z0-9._]%'),
    CONSTRAINT [CK_AuditEvent_TargetIdNeedsType] CHECK ([TargetId] IS NULL OR [TargetType] IS NOT NULL),
    CONSTRAINT [CK_AuditEvent_DetailsIsJson] CHECK ([Details] IS NULL OR ISJSON([Details]) = 1)
);
GO

CREATE NONCLUSTERED INDEX [IX_AuditEvent_Organization_OccurredAt]
    ON [audit].[AuditEvent] ([OrganizationId] ASC, [OccurredAt] DESC)
    INCLUDE ([Action]);
GO

CREATE NONCLUSTERED INDEX [IX_AuditEvent_ActorUser]
    ON [audit].[AuditEvent] ([ActorUserId] ASC)
    WHERE [ActorUserId] IS NOT NULL;
GO

CREATE NONCLUSTERED INDEX [IX_AuditEvent_ActorApiKey]
    ON [audit].[AuditEvent] ([ActorApiKeyId] ASC)
    WHERE [ActorApiKeyId] IS NOT NULL;
GO

CREATE NONCLUSTERED INDEX [IX_AuditEvent_RequestId]
    ON [audit].[AuditEvent] ([RequestId] ASC)
    WHERE [RequestId] IS NOT NULL;
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Append-only log of security-relevant actions (sign-ins, key changes, role changes, ...). Holds ids only, never e-mails or names, so erasing a person needs no change here. UPDATE and DELETE are refused by TR_AuditEvent_AppendOnly.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Surrogate key, increasing in insertion order.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'AuditEventId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The organization the action happened in; NULL for actions outside any organization (e.g. sign-in).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'OrganizationId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Who acted: user (ActorUserId), apikey (ActorApiKeyId) or system (neither).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'ActorType';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The acting user when ActorType = user.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'ActorUserId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'The acting API key when ActorType = apikey.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'ActorApiKeyId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'What happened, as lower-case noun.verb (letters, digits, dot, underscore), e.g. apikey.revoke.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'Action';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Kind of object acted on (e.g. apikey, membership); NULL when the action has no target.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'TargetType';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Id of the object acted on, as text; requires TargetType. Ids only, no personal data.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'TargetId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'When the action happened (UTC).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'OccurredAt';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Correlation id of the request that caused the event, to join with application logs.',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'RequestId';
GO

EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Optional JSON object with action-specific facts (ids and values only, no e-mails or names).',
    @level0type = N'SCHEMA', @level0name = N'audit', @level1type = N'TABLE', @level1name = N'AuditEvent',
    @level2type = N'COLUMN', @level2name = N'Details';
GO
