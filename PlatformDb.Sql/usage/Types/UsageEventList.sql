/*
Table-valued parameter of usage.RecordUsageEvents (and the internal usage.RecordUsageEventsAt): one row per event of
one organization. RowNumber is the caller's ordinal, reported back in the outcome rows and error messages.
Callers need EXECUTE (declare a variable of the type) and REFERENCES (pass it to a routine) on the type.
*/
CREATE TYPE [usage].[UsageEventList] AS TABLE
(
    [RowNumber]          INT            NOT NULL,
    [RequestId]          VARCHAR (64)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    [ApiKeyId]           INT            NOT NULL,
    [UserId]             INT            NULL,
    [ModelId]            INT            NOT NULL,
    [OccurredAt]         DATETIME2 (3)  NOT NULL,
    [PromptTokens]       INT            NOT NULL,
    [CompletionTokens]   INT            NOT NULL,
    [CachedTokens]       INT            NOT NULL,
    [LatencyMs]          INT            NOT NULL,
    [TimeToFirstTokenMs] INT            NULL,
    [StatusCode]         SMALLINT       NOT NULL,
    [ErrorClass]         VARCHAR (32)   NULL,
    [Tags]               NVARCHAR (400) NULL,
    PRIMARY KEY CLUSTERED ([RowNumber] ASC)
);
