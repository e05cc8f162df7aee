-- expect-error: 50309
-- rule: Raw usage is kept at least 7 days (the late-arrival window plus the daily finalization).
SET QUOTED_IDENTIFIER ON;
EXECUTE [usage].[PurgeUsagePartitions] @RetentionDays = 1;
