/*
Daily partitions (UTC midnight boundaries, RANGE RIGHT) for usage.UsageEvent, usage.UsageEventPurge and their indexed
views, on their HourBucket column. One boundary ships in the dacpac; usage.EnsureUsagePartitions adds the days ahead
and usage.PurgeUsagePartitions merges expired ones at run time. Publishes use IgnorePartitionSchemes=true, so a
publish never compares these boundary values with the live ones (docs/analytics.md, "Partitions").
*/
CREATE PARTITION FUNCTION [PF_UsageDay] (DATETIME2 (0))
    AS RANGE RIGHT FOR VALUES ('2020-01-01T00:00:00');
