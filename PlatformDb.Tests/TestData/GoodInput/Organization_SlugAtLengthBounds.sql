-- rule: Slugs of exactly 3 and exactly 63 allowed characters are accepted.
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES (LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 3)), N'Shortest slug'),
       ('a-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 30) + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 31)), N'Longest slug');
