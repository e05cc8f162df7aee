-- rule: Key ids of the shapes key services use are accepted (a URL with a version segment, an ARN with a key id).
DECLARE @OrganizationId INT;
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case organization');
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
DECLARE @UserId INT;
INSERT INTO [identity].[User] ([Email], [DisplayName])
VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Case user');
SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @UserId, 'owner');
DECLARE @ProviderId INT;
INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Case provider ' + CONVERT(NVARCHAR(36), NEWID()));
SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
VALUES (@OrganizationId, @ProviderId, N'vault', 'https://vault.example/keys/provider-secrets/0123456789abcdef0123456789abcdef', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
VALUES (@OrganizationId, @ProviderId, N'arn', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', CRYPT_GEN_RANDOM(61), 0x01 + CRYPT_GEN_RANDOM(45), @UserId);
INSERT INTO [tenancy].[ProviderCredential] ([OrganizationId], [ProviderId], [Label], [KeyId], [WrappedDataKey], [Ciphertext], [CreatedByUserId])
VALUES (@OrganizationId, @ProviderId, N'smallest', 'local-test/v1', CRYPT_GEN_RANDOM(40), 0x01 + CRYPT_GEN_RANDOM(29), @UserId);
