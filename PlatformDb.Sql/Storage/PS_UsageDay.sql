-- Every partition on PRIMARY: SWITCH needs source and target partitions on the same filegroup, which this guarantees.
CREATE PARTITION SCHEME [PS_UsageDay]
    AS PARTITION [PF_UsageDay] ALL TO ([PRIMARY]);
