/*
Builders of the erasure and audit-chain classes (EraseUserTests, EraseOrganizationTests, AuditChainTests). Support files
are created in name order after TestData.sql, which creates the schema.
*/

CREATE PROCEDURE [TestData].[AppendAuditEvent]
    @AuditEventId BIGINT OUTPUT
AS
BEGIN
    INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [Action], [TargetType], [TargetId], [Details])
    VALUES (NULL, 'system', 'test.append', 'test', CONVERT(VARCHAR(100), NEWID()), N'{"n":1}');
    SET @AuditEventId = CAST(SCOPE_IDENTITY() AS BIGINT);
END;
GO

-- An organization with an owner and a member, two keys (one revoked earlier), a usage event with tags and a budget
-- with spend.
CREATE PROCEDURE [TestData].[NewErasureOrganization]
    @OrganizationId INT OUTPUT,
    @OwnerId        INT OUTPUT,
    @MemberId       INT OUTPUT,
    @BudgetId       INT OUTPUT
AS
BEGIN
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('acme-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Acme Erasure Ltd');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Owner');
    SET @OwnerId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Member');
    SET @MemberId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
    VALUES (@OrganizationId, @OwnerId, 'owner'), (@OrganizationId, @MemberId, 'member');
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @OwnerId, N'Acme production', 'sk_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), CAST(CRYPT_GEN_RANDOM(32) AS VARBINARY(32))),
           (@OrganizationId, @MemberId, N'Acme staging', 'sk_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), CAST(CRYPT_GEN_RANDOM(32) AS VARBINARY(32)));
    DECLARE @ApiKeyId INT = CAST(SCOPE_IDENTITY() AS INT);
    UPDATE [identity].[ApiKey] SET [RevokedAt] = [CreatedAt], [RevokedByUserId] = @OwnerId WHERE [ApiKeyId] = @ApiKeyId;
    DECLARE @Hour DATETIME2(0) = CAST(CONVERT(VARCHAR(13), SYSUTCDATETIME(), 126) + ':00:00' AS DATETIME2(0));
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard],
        [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [StatusCode], [CostAmount], [ModelPriceId], [Tags])
    VALUES (@Hour, @Hour, @OrganizationId, @ApiKeyId, NULL, 1, 'req-' + CONVERT(VARCHAR(36), NEWID()), 0,
        1000, 500, 0, 250, 200, 0.0075, 1, N'{"project":"Acme secret project"}');
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount])
    VALUES (@OrganizationId, 'organization', 'monthly', 100);
    SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
    VALUES (@BudgetId, DATEFROMPARTS(YEAR(SYSUTCDATETIME()), MONTH(SYSUTCDATETIME()), 1), 12.5, 4000);
END;
GO

-- A person with a password, a live membership as a plain member of an organization that has another owner, a key the
-- person created, a usage event with tags and a budget with spend.
CREATE PROCEDURE [TestData].[NewErasurePerson]
    @UserId         INT OUTPUT,
    @OrganizationId INT OUTPUT,
    @ApiKeyId       INT OUTPUT
AS
BEGIN
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
    VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Erasure organization');
    SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Other owner');
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, CAST(SCOPE_IDENTITY() AS INT), 'owner');
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (N'jane.' + CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Jane Person');
    SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
    INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash])
    VALUES (@UserId, '$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE');
    INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'member');
    INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash])
    VALUES (@OrganizationId, @UserId, N'Jane laptop', 'sk_' + LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12), CAST(CRYPT_GEN_RANDOM(32) AS VARBINARY(32)));
    SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
    DECLARE @Hour DATETIME2(0) = CAST(CONVERT(VARCHAR(13), SYSUTCDATETIME(), 126) + ':00:00' AS DATETIME2(0));
    INSERT INTO [usage].[UsageEvent] ([HourBucket], [OccurredAt], [OrganizationId], [ApiKeyId], [UserId], [ModelId], [RequestId], [Shard],
        [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [StatusCode], [CostAmount], [ModelPriceId], [Tags])
    VALUES (@Hour, @Hour, @OrganizationId, @ApiKeyId, @UserId, 1, 'req-' + CONVERT(VARCHAR(36), NEWID()), 0,
        1000, 500, 0, 250, 200, 0.0075, 1, N'{"customer":"Jane Person"}');
END;
GO
