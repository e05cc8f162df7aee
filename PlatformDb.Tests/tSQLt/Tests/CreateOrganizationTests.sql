/*
tenancy.CreateOrganization: the organization, its first owner's membership and the audit row; refusals 50501
(invalid values), 50502 (slug used by a live organization) and 50503 (owner unknown or deleted).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'CreateOrganizationTests';
GO

CREATE PROCEDURE [CreateOrganizationTests].[test a new organization has its creator as the only owner and is audited]
AS
BEGIN
    DECLARE @UserId INT, @OrganizationId INT, @AuditRows INT;
    DECLARE @Slug VARCHAR (63) = CONCAT('org-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Example Ltd', @OwnerUserId = @UserId;
    SELECT @OrganizationId = [OrganizationId] FROM [tenancy].[Organization] WHERE [Slug] = @Slug AND [DeletedAt] IS NULL;

    SELECT [o].[Slug], [o].[DisplayName], [m].[UserId], [m].[Role], [m].[RemovedAt]
    INTO [#Actual]
    FROM [tenancy].[Organization] AS [o]
    INNER JOIN [tenancy].[Membership] AS [m] ON [m].[OrganizationId] = [o].[OrganizationId]
    WHERE [o].[OrganizationId] = @OrganizationId;
    SELECT TOP (0) * INTO [#Expected] FROM [#Actual];
    INSERT INTO [#Expected] VALUES (@Slug, N'Example Ltd', @UserId, 'owner', NULL);
    EXECUTE tSQLt.AssertEqualsTable @Expected = N'#Expected', @Actual = N'#Actual';

    SELECT @AuditRows = COUNT(*) FROM [audit].[AuditEvent]
    WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.organization_created' AND [ActorUserId] = @UserId;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @AuditRows;
END;
GO

CREATE PROCEDURE [CreateOrganizationTests].[test a slug used by a live organization is refused with 50502]
AS
BEGIN
    DECLARE @OrganizationId INT, @UserId INT, @Slug VARCHAR (63);
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @OrganizationId OUTPUT, @OwnerUserId = @UserId OUTPUT;
    SELECT @Slug = [Slug] FROM [tenancy].[Organization] WHERE [OrganizationId] = @OrganizationId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50502;
    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Copycat', @OwnerUserId = @UserId;
END;
GO

CREATE PROCEDURE [CreateOrganizationTests].[test a slug with a trailing hyphen is refused with 50501]
AS
BEGIN
    DECLARE @UserId INT;
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50501;
    EXECUTE [tenancy].[CreateOrganization] @Slug = 'trailing-', @DisplayName = N'Bad slug', @OwnerUserId = @UserId;
END;
GO

CREATE PROCEDURE [CreateOrganizationTests].[test a deleted owner is refused with 50503]
AS
BEGIN
    DECLARE @UserId INT;
    DECLARE @Slug VARCHAR (63) = CONCAT('org-', [TestData].[UniqueToken](NEWID()));
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    UPDATE [identity].[User] SET [DeletedAt] = SYSUTCDATETIME() WHERE [UserId] = @UserId;

    EXECUTE tSQLt.ExpectException @ExpectedErrorNumber = 50503;
    EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Orphan', @OwnerUserId = @UserId;
END;
GO
