/*
Records one API request of the caller's organization (the gateway calls it after the request). Priced from the
catalog.ModelPrice row effective at @OccurredAt and stored; a retry with the same @RequestId and @OccurredAt is a
no-op that reports the existing row. @OccurredAt is the event's own time, not a clock: it is accepted only within
[server now - 2 days, server now + 5 minutes] (SYSUTCDATETIME()), the rule usage.RecordUsageEventsAt applies.
Result set: one row (RowNumber 1, RequestId, Outcome 'inserted' | 'duplicate', ErrorNumber NULL, UsageEventId,
HourBucket, CostAmount). Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Errors: 50301 key, 50302 model, 50303 no price, 50304 invalid values (also a NULL required parameter, or a request
id, error class or tags longer than their columns), 50305 too far in the future, 50306 too old, 50307 no organization.
The three string parameters are declared wider than their columns on purpose: a value passed to a procedure parameter
is truncated to the parameter's declared size without any error ("ANSI_WARNINGS is not honored when passing
parameters in a stored procedure", SET ANSI_WARNINGS docs), so a VARCHAR(64) @RequestId would turn two different
70-character request ids with the same first 64 characters into one idempotency key and drop the second event as a
'duplicate'. Declared wider, an overlong value arrives whole and is refused with 50304.
*/
CREATE PROCEDURE [usage].[RecordUsageEvent]
    @OrganizationId     INT,
    @RequestId          VARCHAR (8000),
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
    @ErrorClass         VARCHAR (8000),
    @Tags               NVARCHAR (4000)
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

-- Longer than the columns (usage.UsageEventList, usage.UsageEvent): refused, never truncated into another event's key.
IF DATALENGTH(@RequestId) > 64 OR DATALENGTH(@ErrorClass) > 32 OR DATALENGTH(@Tags) > 800
BEGIN
    SET XACT_ABORT OFF;
    THROW 50304, N'Usage event 1: invalid values (request id longer than 64, error class longer than 32 or tags longer than 400 characters).', 1;
END;

DECLARE @Events [usage].[UsageEventList];
INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                     [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
-- The lengths were checked above, so these conversions cut nothing.
VALUES (1, CONVERT (VARCHAR (64), @RequestId), @ApiKeyId, @UserId, @ModelId, @OccurredAt, @PromptTokens, @CompletionTokens,
        @CachedTokens, @LatencyMs, @TimeToFirstTokenMs, @StatusCode, CONVERT (VARCHAR (32), @ErrorClass), CONVERT (NVARCHAR (400), @Tags));

-- The internal procedure sets XACT_ABORT itself (ON, and OFF just before a documented refusal); OFF here makes sure
-- a refusal is not judged by this caller's setting instead. Restored when this procedure returns.
SET XACT_ABORT OFF;
EXECUTE [usage].[RecordUsageEventsAt]
    @OrganizationId = @OrganizationId,
    @Events = @Events,
    @Now = @Now,
    @RejectInvalid = 0,
    @ReportInserted = 1;
