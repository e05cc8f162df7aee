/*
Records one API request of the caller's organization (the gateway calls it after the request). Priced from the
catalog.ModelPrice row effective at @OccurredAt and stored; a retry with the same @RequestId and @OccurredAt is a
no-op that reports the existing row. @OccurredAt is the event's own time, not a clock: it is accepted only within
[server now - 2 days, server now + 5 minutes] (SYSUTCDATETIME()), the rule usage.RecordUsageEventsAt applies.
Result set: one row (RowNumber 1, RequestId, Outcome 'inserted' | 'duplicate', ErrorNumber NULL, UsageEventId,
HourBucket, CostAmount). Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50301 key, 50302 model, 50303 no price, 50304 invalid values (also a NULL required parameter),
50305 too far in the future, 50306 too old, 50307 no organization.
*/
CREATE PROCEDURE [usage].[RecordUsageEvent]
    @OrganizationId     INT,
    @RequestId          VARCHAR (64),
    @ApiKeyId           INT,
    @UserId             INT,
    @ModelId            INT,
    @OccurredAt         DATETIME2 (3),
    @PromptTokens       INT,
    @CompletionTokens   INT,
    @CachedTokens       INT,
    @LatencyMs          INT,
    @TimeToFirstTokenMs INT,
    @StatusCode         SMALLINT,
    @ErrorClass         VARCHAR (32),
    @Tags               NVARCHAR (400)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

IF @RequestId IS NULL OR @ApiKeyId IS NULL OR @ModelId IS NULL OR @OccurredAt IS NULL OR @PromptTokens IS NULL
   OR @CompletionTokens IS NULL OR @CachedTokens IS NULL OR @LatencyMs IS NULL OR @StatusCode IS NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50304, N'Usage event 1: invalid values (a required value is NULL).', 1;
END;

DECLARE @Events [usage].[UsageEventList];
INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                     [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
VALUES (1, @RequestId, @ApiKeyId, @UserId, @ModelId, @OccurredAt, @PromptTokens, @CompletionTokens,
        @CachedTokens, @LatencyMs, @TimeToFirstTokenMs, @StatusCode, @ErrorClass, @Tags);

-- The internal procedure sets XACT_ABORT itself (ON, and OFF just before a documented refusal); OFF here makes sure
-- a refusal is not judged by this caller's setting instead. Restored when this procedure returns.
SET XACT_ABORT OFF;
EXECUTE [usage].[RecordUsageEventsAt]
    @OrganizationId = @OrganizationId,
    @Events = @Events,
    @Now = @Now,
    @RejectInvalid = 0,
    @ReportInserted = 1;
