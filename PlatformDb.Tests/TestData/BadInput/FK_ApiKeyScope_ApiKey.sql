-- expect: FK_ApiKeyScope_ApiKey
-- rule: A scope row belongs to an existing API key.
INSERT INTO [identity].[ApiKeyScope] ([ApiKeyId], [Scope])
VALUES (-1, N'chat:write');
