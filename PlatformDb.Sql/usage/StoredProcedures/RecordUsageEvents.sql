/*
Records a batch of API requests of the caller's organization, all or nothing: any invalid row refuses the whole batch
with the error of the lowest RowNumber (named in the message) and writes nothing. Duplicates (an existing row, or an
earlier row of the same batch, with the same RequestId and hour) are no-ops reported as 'duplicate'. The server's
clock decides "too old" and "in the future". Result set: one row per input row, by RowNumber (see
usage.RecordUsageEventsAt). Safe inside a caller's transaction.
Errors: 50301..50307 (docs/errors.md).
*/
CREATE PROCEDURE [usage].[RecordUsageEvents]
    @OrganizationId INT,
    @Events         [usage].[UsageEventList] READONLY
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @Now DATETIME2 (3) = CAST(SYSUTCDATETIME() AS DATETIME2 (3));

SET XACT_ABORT OFF;
EXECUTE [usage].[RecordUsageEventsAt]
    @OrganizationId = @OrganizationId,
    @Events = @Events,
    @Now = @Now,
    @RejectInvalid = 0,
    @ReportInserted = 1;
