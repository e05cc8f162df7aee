/*
A seed-shaped file for DevSeedCredentialsTests: two documented keys, the second insert laid out differently.

DEVELOPMENT-ONLY CREDENTIALS, PUBLIC ON PURPOSE:
  user     dev@example.com
  password PlatformDb-dev-only-2024!
  API key  pdb_dev_0001_uFWEZNucJXkrTaXKr1Zp89jC4EUejftm
  user     dev2@example.com (organization globex, same password)
  API key  pdb_dev_0009_TestDataOnlyNotSeededAnywhere000
*/
IF NOT EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WHERE [k].[KeyPrefix] = 'pdb_dev_0001')
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES (@OrganizationId, @UserId, N'Development key', 'pdb_dev_0001',
            0x29A6E0CE49F6F4A13454A8C395E6B34B40AA0E81D7CD8D18B7201D9025EF18FC,
            N'["chat:write","usage:read"]');

IF NOT EXISTS (SELECT 1 FROM [identity].[ApiKey] AS [k] WHERE [k].[KeyPrefix] = 'pdb_dev_0009')
    INSERT INTO [identity].[ApiKey]
        ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
    VALUES
        (@GlobexId, @User2Id, N'Development key 2', 'pdb_dev_0009', 0x9B3C17C299C84D430FFC3842BDCA2B69E6FAEF9F71F195A53A5790133A35E7A4, N'[]');
