-- rule: An audit event whose Details is longer than 8000 bytes (allowed since v1.0.0) is chained: HASHBYTES takes input of any length since SQL Server 2016.
DECLARE @AuditEventId BIGINT;
INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType], [TargetId], [Details])
VALUES (NULL, 'system', NULL, NULL, 'case.append', NULL, NULL,
        CONCAT(N'{"note":"', REPLICATE(CAST(N'x' AS NVARCHAR(MAX)), 20000), N'"}'));
SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
IF NOT EXISTS (SELECT 1 FROM [audit].[AuditChain] WHERE [AuditEventId] = @AuditEventId)
    THROW 59999, N'The long audit event was not chained.', 1;
