-- expect-error: 50304
-- rule: A request id longer than 64 characters is refused, never truncated into another request's idempotency key (procedure parameters truncate silently).
SET QUOTED_IDENTIFIER ON;
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ApiKeyId INT;
INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt])
VALUES (@OrganizationId, @UserId, N'Case key', LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12),
        HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID())), DATEADD(DAY, -10, SYSUTCDATETIME()));
SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @ModelId INT;
INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens])
VALUES (@ProviderId, 'case-model', N'Case model', 128000);
SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
VALUES (@ModelId, 'USD', 2.5, 10, DATEADD(DAY, -30, SYSUTCDATETIME()));
DECLARE @At DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
-- Two different requests whose ids share their first 64 characters: the first is recorded; the second must be refused
-- (a VARCHAR(64) parameter would have cut it to the first one's id and reported it as a 'duplicate').
DECLARE @First VARCHAR(100) = CONCAT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), REPLICATE('x', 32));
DECLARE @Second VARCHAR(100) = CONCAT(@First, '-retry-2');
EXECUTE [usage].[RecordUsageEvent]
    @OrganizationId = @OrganizationId, @RequestId = @First,
    @ApiKeyId = @ApiKeyId,
    @UserId = @UserId,
    @ModelId = @ModelId,
    @OccurredAt = @At,
    @PromptTokens = 10,
    @CompletionTokens = 20,
    @CachedTokens = 0,
    @LatencyMs = 300,
    @TimeToFirstTokenMs = 100,
    @StatusCode = 200,
    @ErrorClass = NULL,
    @Tags = NULL;
EXECUTE [usage].[RecordUsageEvent]
    @OrganizationId = @OrganizationId, @RequestId = @Second,
    @ApiKeyId = @ApiKeyId,
    @UserId = @UserId,
    @ModelId = @ModelId,
    @OccurredAt = @At,
    @PromptTokens = 10,
    @CompletionTokens = 20,
    @CachedTokens = 0,
    @LatencyMs = 300,
    @TimeToFirstTokenMs = 100,
    @StatusCode = 200,
    @ErrorClass = NULL,
    @Tags = NULL;
