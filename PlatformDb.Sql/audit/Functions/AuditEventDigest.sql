/*
The canonical digest of one audit.AuditEvent row: SHA2_256 over a text that lists every column in a fixed order, each
as <length>:<value> or ~ for NULL, so no two different rows give the same text (a value cannot imitate a separator).
Every conversion gives the same text in every session: integers in decimal, OccurredAt in ISO 8601 (CONVERT style 126,
independent of SET LANGUAGE and DATEFORMAT; the CAST and CONVERT docs mark only the styles without century and 100, 106,
107, 109, 113 and 130 nondeterministic), text as NVARCHAR (UTF-16 bytes; a VARCHAR value converts by its column's code
page, so the database collation must not change under the chain). HASHBYTES takes input of any length since SQL Server 2016 ("For SQL Server 2014 (12.x) and earlier,
allowed input values are limited to 8000 bytes", HASHBYTES docs), so a long Details value is hashed whole.
Used by TR_AuditEvent_Chain (over inserted), the backfill and audit.VerifyAuditChain: change it only together with a
new chain version, or every existing link stops verifying.
*/
CREATE FUNCTION [audit].[AuditEventDigest]
(
    @AuditEventId   BIGINT,
    @OrganizationId INT,
    @ActorType      VARCHAR (10),
    @ActorUserId    INT,
    @ActorApiKeyId  INT,
    @Action         VARCHAR (100),
    @TargetType     VARCHAR (50),
    @TargetId       VARCHAR (100),
    @OccurredAt     DATETIME2 (3),
    @RequestId      VARCHAR (64),
    @Details        NVARCHAR (MAX)
)
RETURNS TABLE
WITH SCHEMABINDING
AS
RETURN
    SELECT HASHBYTES('SHA2_256', CONCAT(
        CAST(N'audit.v1' AS NVARCHAR (MAX)),
        N'|', [f].[AuditEventId], N'|', [f].[OrganizationId], N'|', [f].[ActorType], N'|', [f].[ActorUserId],
        N'|', [f].[ActorApiKeyId], N'|', [f].[Action], N'|', [f].[TargetType], N'|', [f].[TargetId],
        N'|', [f].[OccurredAt], N'|', [f].[RequestId], N'|', [f].[Details])) AS [Digest]
    FROM (SELECT
              CASE WHEN @AuditEventId IS NULL THEN N'~' ELSE CONCAT(LEN(CONVERT (NVARCHAR (20), @AuditEventId)), N':', CONVERT (NVARCHAR (20), @AuditEventId)) END,
              CASE WHEN @OrganizationId IS NULL THEN N'~' ELSE CONCAT(LEN(CONVERT (NVARCHAR (11), @OrganizationId)), N':', CONVERT (NVARCHAR (11), @OrganizationId)) END,
              CASE WHEN @ActorType IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(CONVERT (NVARCHAR (10), @ActorType)) / 2, N':', CONVERT (NVARCHAR (10), @ActorType)) END,
              CASE WHEN @ActorUserId IS NULL THEN N'~' ELSE CONCAT(LEN(CONVERT (NVARCHAR (11), @ActorUserId)), N':', CONVERT (NVARCHAR (11), @ActorUserId)) END,
              CASE WHEN @ActorApiKeyId IS NULL THEN N'~' ELSE CONCAT(LEN(CONVERT (NVARCHAR (11), @ActorApiKeyId)), N':', CONVERT (NVARCHAR (11), @ActorApiKeyId)) END,
              CASE WHEN @Action IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(CONVERT (NVARCHAR (100), @Action)) / 2, N':', CONVERT (NVARCHAR (100), @Action)) END,
              CASE WHEN @TargetType IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(CONVERT (NVARCHAR (50), @TargetType)) / 2, N':', CONVERT (NVARCHAR (50), @TargetType)) END,
              CASE WHEN @TargetId IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(CONVERT (NVARCHAR (100), @TargetId)) / 2, N':', CONVERT (NVARCHAR (100), @TargetId)) END,
              -- Style 126 of DATETIME2(3): yyyy-mm-ddThh:mi:ss.mmm (the fraction is left out when it is zero; still one text per value).
              CASE WHEN @OccurredAt IS NULL THEN N'~' ELSE CONCAT(LEN(CONVERT (NVARCHAR (27), @OccurredAt, 126)), N':', CONVERT (NVARCHAR (27), @OccurredAt, 126)) END,
              CASE WHEN @RequestId IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(CONVERT (NVARCHAR (64), @RequestId)) / 2, N':', CONVERT (NVARCHAR (64), @RequestId)) END,
              CASE WHEN @Details IS NULL THEN N'~' ELSE CONCAT(DATALENGTH(@Details) / 2, N':', @Details) END
         ) AS [f] ([AuditEventId], [OrganizationId], [ActorType], [ActorUserId], [ActorApiKeyId], [Action], [TargetType],
                   [TargetId], [OccurredAt], [RequestId], [Details]);
