-- expect-error: 50522
-- rule: StoreProviderCredential refuses a label over 100 characters even when the excess is trailing spaces (LEN ignores them; a silent cut would change the label the ciphertext binds).
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
DECLARE @Wrapped VARBINARY(61) = CRYPT_GEN_RANDOM(61);
DECLARE @Ciphertext VARBINARY(46) = 0x01 + CRYPT_GEN_RANDOM(45);
DECLARE @Label NVARCHAR(4000) = REPLICATE(N'a', 100) + N'  ';
EXECUTE [tenancy].[StoreProviderCredential] @OrganizationId = @OrganizationId, @ProviderId = @ProviderId, @Label = @Label,
    @KeyId = 'local-test/v1', @WrappedDataKey = @Wrapped, @Ciphertext = @Ciphertext, @ActorUserId = @UserId;
