-- expect-error: 50101
-- rule: A key hash that matches no key is refused.
DECLARE @KeyHash VARBINARY(32) = HASHBYTES('SHA2_256', CONVERT(VARCHAR(36), NEWID()));
EXEC [identity].[AuthenticateApiKey] @KeyHash = @KeyHash;
