-- expect: FK_ApiKeyLastUse_ApiKey
-- rule: A last-use row belongs to an existing API key.
INSERT INTO [identity].[ApiKeyLastUse] ([ApiKeyId], [LastUsedAt])
VALUES (-1, SYSUTCDATETIME());
