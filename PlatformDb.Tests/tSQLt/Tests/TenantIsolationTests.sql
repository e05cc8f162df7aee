/*
Row-level security (security.TenantIsolationPolicy) and dynamic data masking (docs/security.md), on the real tables:
tSQLt.FakeTable would drop the policy's effect, so each test inserts into the real tables inside the transaction tSQLt
rolls back, impersonates a user WITHOUT LOGIN (created in that transaction) with EXECUTE AS USER, and sets the session
organization with sp_set_session_context. Session context is session state that the rollback does not undo, so every
test runs its impersonated statements inside TRY...CATCH, then clears the organization and REVERTs whatever happened,
and only then asserts (tSQLt.Fail with the caught message when a statement failed unexpectedly); SetUp clears the
organization too, so an earlier aborted test cannot confine the next one. Expected errors are caught with TRY...CATCH
(not tSQLt.ExpectException) for the same reason. XACT_ABORT is OFF so that a refused statement leaves the test's
transaction usable. CREATE USER, ALTER ROLE and GRANT are allowed inside a user transaction (they are not among the
statements the transaction docs exclude) and are rolled back with the test. An EXECUTE AS inside a procedure ends when
the procedure ends even without REVERT (EXECUTE AS docs: the context switch lasts until REVERT or the module exits).
*/
EXECUTE tSQLt.NewTestClass @ClassName = N'TenantIsolationTests';
GO

CREATE PROCEDURE [TenantIsolationTests].[SetUp]
AS
BEGIN
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test a tenant reader sees only the rows of its session organization]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @B INT, @SeenA INT, @SeenB INT, @BudgetsOfB INT, @Failure NVARCHAR (4000);
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    SET @B = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop]) VALUES (@B, 'organization', 'lifetime', 10, 1);
    CREATE USER [TenantIsolationTests_reader] WITHOUT LOGIN;
    ALTER ROLE [platform_tenant_reader] ADD MEMBER [TenantIsolationTests_reader];

    EXECUTE AS USER = N'TenantIsolationTests_reader';
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        SELECT @SeenA = COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] = @A;
        SELECT @SeenB = COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] = @B;
        SELECT @BudgetsOfB = COUNT(*) FROM [billing].[Budget] WHERE [OrganizationId] = @B;
    END TRY
    BEGIN CATCH
        SET @Failure = ERROR_MESSAGE();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    IF @Failure IS NOT NULL
        EXECUTE tSQLt.Fail @Message0 = @Failure;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @SeenA;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @SeenB;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @BudgetsOfB;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test a tenant reader without a session organization sees no rows]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @Seen INT, @Failure NVARCHAR (4000);
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_reader] WITHOUT LOGIN;
    ALTER ROLE [platform_tenant_reader] ADD MEMBER [TenantIsolationTests_reader];

    EXECUTE AS USER = N'TenantIsolationTests_reader';
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
        SELECT @Seen = COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] = @A;
    END TRY
    BEGIN CATCH
        SET @Failure = ERROR_MESSAGE();
    END CATCH;
    REVERT;

    IF @Failure IS NOT NULL
        EXECUTE tSQLt.Fail @Message0 = @Failure;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Seen;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test a tenant reader with an insert grant cannot add a row of another organization and gets 33504]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @Error INT = 0;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_reader] WITHOUT LOGIN;
    ALTER ROLE [platform_tenant_reader] ADD MEMBER [TenantIsolationTests_reader];
    -- The role has no write grant; this one shows that the block predicate is a second wall behind the grants.
    GRANT INSERT ON OBJECT::[tenancy].[Organization] TO [TenantIsolationTests_reader];

    EXECUTE AS USER = N'TenantIsolationTests_reader';
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        -- A new organization gets a new id, never A's: AFTER INSERT blocks it.
        INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    EXECUTE tSQLt.AssertEquals @Expected = 33504, @Actual = @Error;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test a tenant reader with an update grant changes nothing of another organization]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @B INT, @Updated INT, @Name NVARCHAR (200), @Failure NVARCHAR (4000);
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    SET @B = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_reader] WITHOUT LOGIN;
    ALTER ROLE [platform_tenant_reader] ADD MEMBER [TenantIsolationTests_reader];
    GRANT UPDATE ON OBJECT::[tenancy].[Organization] TO [TenantIsolationTests_reader];

    EXECUTE AS USER = N'TenantIsolationTests_reader';
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        -- The filter predicate hides B's row from UPDATE.
        UPDATE [tenancy].[Organization] SET [DisplayName] = N'Taken over' WHERE [OrganizationId] = @B;
        SET @Updated = @@ROWCOUNT;
    END TRY
    BEGIN CATCH
        SET @Failure = ERROR_MESSAGE();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    IF @Failure IS NOT NULL
        EXECUTE tSQLt.Fail @Message0 = @Failure;
    SELECT @Name = [DisplayName] FROM [tenancy].[Organization] WHERE [OrganizationId] = @B;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Updated;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Tenant B', @Actual = @Name;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test a service connection confined to one organization cannot consume another organizations budget and gets 50201]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @B INT, @BudgetOfB INT, @Error INT = 0,
            @RemainingAmount DECIMAL (19, 6), @RemainingTokens BIGINT, @AlertRaised BIT;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    SET @B = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop]) VALUES (@B, 'organization', 'lifetime', 100, 1);
    SET @BudgetOfB = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_service] WITHOUT LOGIN;
    ALTER ROLE [platform_app] ADD MEMBER [TenantIsolationTests_service];

    EXECUTE AS USER = N'TenantIsolationTests_service';
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        -- Even with B's own organization id: the session is confined to A, so B's budget does not exist for it.
        EXECUTE [billing].[ConsumeBudget]
            @OrganizationId = @B, @BudgetId = @BudgetOfB, @Amount = 1, @Tokens = 1,
            @RemainingAmount = @RemainingAmount OUTPUT, @RemainingTokens = @RemainingTokens OUTPUT, @AlertRaised = @AlertRaised OUTPUT;
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    REVERT;

    EXECUTE tSQLt.AssertEquals @Expected = 50201, @Actual = @Error;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test dbo without a session organization sees every organization]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @B INT, @Seen INT;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    SET @B = CONVERT (INT, SCOPE_IDENTITY());

    SELECT @Seen = COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] IN (@A, @B);

    EXECUTE tSQLt.AssertEquals @Expected = 2, @Actual = @Seen;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test the daily trend function returns nothing for another organization when the session is confined]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @B INT, @Unconfined INT, @Confined INT, @Failure NVARCHAR (4000);
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant A');
    SET @A = CONVERT (INT, SCOPE_IDENTITY());
    INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (CONCAT('tit-', LOWER(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''))), N'Tenant B');
    SET @B = CONVERT (INT, SCOPE_IDENTITY());
    IF NOT EXISTS (SELECT 1 FROM [usage].[UsageDayStatus] WHERE [UsageDay] = '20010101')
        INSERT INTO [usage].[UsageDayStatus] ([UsageDay], [ComputedAt], [IsFinal]) VALUES ('20010101', SYSUTCDATETIME(), 1);
    UPDATE [usage].[UsageDayStatus] SET [IsFinal] = 1 WHERE [UsageDay] = '20010101';
    INSERT INTO [usage].[UsageDaily] ([OrganizationId], [ModelId], [UsageDay], [RequestCount], [PromptTokens], [CompletionTokens], [CachedTokens],
                                      [ErrorCount], [LatencyMsSum], [TimeToFirstTokenMsSum], [TimeToFirstTokenCount], [CostAmount], [ComputedAt])
    VALUES (@B, 1, '20010101', 1, 10, 10, 0, 0, 100, 0, 0, 0.01, SYSUTCDATETIME());

    SELECT @Unconfined = COUNT(*) FROM [usage].[GetUsageDaily](@B, '20010101', '20010102', NULL, NULL);
    -- dbo too is confined once it sets an organization: the predicate's first branch is the only one left.
    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        SELECT @Confined = COUNT(*) FROM [usage].[GetUsageDaily](@B, '20010101', '20010102', NULL, NULL);
    END TRY
    BEGIN CATCH
        SET @Failure = ERROR_MESSAGE();
    END CATCH;
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;

    IF @Failure IS NOT NULL
        EXECUTE tSQLt.Fail @Message0 = @Failure;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @Unconfined;
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Confined;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test the auditor sees e-mail addresses and names masked]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @UserId INT, @Email NVARCHAR (320), @DisplayName NVARCHAR (200);
    -- Unique among live users (UQ_User_Email_Live); starts with the letter the mask keeps.
    INSERT INTO [identity].[User] ([Email], [DisplayName])
    VALUES (CONCAT(N'a', LOWER(REPLACE(CONVERT (NVARCHAR (36), NEWID()), N'-', N'')), N'@example.test'), N'Ada Lovelace');
    SET @UserId = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_auditor] WITHOUT LOGIN;
    ALTER ROLE [platform_auditor] ADD MEMBER [TenantIsolationTests_auditor];

    EXECUTE AS USER = N'TenantIsolationTests_auditor';
    SELECT @Email = [Email], @DisplayName = [DisplayName] FROM [identity].[User] WHERE [UserId] = @UserId;
    REVERT;

    -- email() keeps the first letter: aXXX@XXXX.com; default() shows XXXX for strings of four or more characters
    -- (dynamic data masking docs, mask functions table; one of their examples prints xxxx, so compare case-insensitively:
    -- AssertEqualsString compares with =, which follows the database collation).
    EXECUTE tSQLt.AssertEqualsString @Expected = N'aXXX@XXXX.com', @Actual = @Email;
    SET @DisplayName = UPPER(@DisplayName);
    EXECUTE tSQLt.AssertEqualsString @Expected = N'XXXX', @Actual = @DisplayName;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test the service sees e-mail addresses and names in clear]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @UserId INT, @Email NVARCHAR (320), @DisplayName NVARCHAR (200),
            @Stored NVARCHAR (320) = CONCAT(N'g', LOWER(REPLACE(CONVERT (NVARCHAR (36), NEWID()), N'-', N'')), N'@example.test');
    INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Stored, N'Grace Hopper');
    SET @UserId = CONVERT (INT, SCOPE_IDENTITY());
    CREATE USER [TenantIsolationTests_service] WITHOUT LOGIN;
    ALTER ROLE [platform_app] ADD MEMBER [TenantIsolationTests_service];

    EXECUTE AS USER = N'TenantIsolationTests_service';
    SELECT @Email = [Email], @DisplayName = [DisplayName] FROM [identity].[User] WHERE [UserId] = @UserId;
    REVERT;

    EXECUTE tSQLt.AssertEqualsString @Expected = @Stored, @Actual = @Email;
    EXECUTE tSQLt.AssertEqualsString @Expected = N'Grace Hopper', @Actual = @DisplayName;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test identity.CreateUser refuses a confined connection with 50601 before writing and leaves the transaction usable]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @UserId INT, @Error INT = 0, @State INT, @Written INT;
    DECLARE @Email NVARCHAR (320) = CONCAT(N'confined-', LOWER(REPLACE(CONVERT (NVARCHAR (36), NEWID()), N'-', N'')), N'@example.test');
    -- A user with a PBKDF2 credential (TestData.NewUser) and a confining organization with its own owner.
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @A OUTPUT;

    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Confined', @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    SET @State = XACT_STATE();
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    SELECT @Written = COUNT(*) FROM [identity].[User] WHERE [Email] = @Email;

    EXECUTE tSQLt.AssertEquals @Expected = 50601, @Actual = @Error;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @State, @Message = N'the caller''s transaction must stay committable';
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Written;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test tenancy.CreateOrganization refuses a confined connection with 50601 before writing and leaves the transaction usable]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @UserId INT, @Error INT = 0, @State INT, @Written INT;
    DECLARE @Slug VARCHAR (63) = CONCAT('confined-', LOWER(LEFT(REPLACE(CONVERT (VARCHAR (36), NEWID()), '-', ''), 20)));
    -- A user with a PBKDF2 credential (TestData.NewUser) and a confining organization with its own owner.
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @A OUTPUT;

    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Confined', @OwnerUserId = @UserId;
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    SET @State = XACT_STATE();
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    SELECT @Written = COUNT(*) FROM [tenancy].[Organization] WHERE [Slug] = @Slug;

    EXECUTE tSQLt.AssertEquals @Expected = 50601, @Actual = @Error;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @State, @Message = N'the caller''s transaction must stay committable';
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Written;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test identity.SetPasswordHash refuses a confined connection with 50601 before writing and leaves the transaction usable]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @UserId INT, @Error INT = 0, @State INT, @Written INT;
    -- A user with a PBKDF2 credential (TestData.NewUser) and a confining organization with its own owner.
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @A OUTPUT;

    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        EXECUTE [identity].[SetPasswordHash] @UserId = @UserId, @PasswordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    SET @State = XACT_STATE();
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    SELECT @Written = COUNT(*) FROM [identity].[UserCredential] WHERE [UserId] = @UserId AND [PasswordHash] LIKE '$argon2id$%';

    EXECUTE tSQLt.AssertEquals @Expected = 50601, @Actual = @Error;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @State, @Message = N'the caller''s transaction must stay committable';
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Written;
END;
GO

CREATE PROCEDURE [TenantIsolationTests].[test identity.RecordLoginAttempt refuses a confined connection with 50601 before writing and leaves the transaction usable]
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT OFF;
    DECLARE @A INT, @UserId INT, @Error INT = 0, @State INT, @Written INT;
    -- A user with a PBKDF2 credential (TestData.NewUser) and a confining organization with its own owner.
    EXECUTE [TestData].[NewUser] @UserId = @UserId OUTPUT;
    EXECUTE [TestData].[NewOrganization] @OrganizationId = @A OUTPUT;

    BEGIN TRY
        EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @A;
        EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 0;
    END TRY
    BEGIN CATCH
        SET @Error = ERROR_NUMBER();
    END CATCH;
    SET @State = XACT_STATE();
    EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL;
    SELECT @Written = COUNT(*) FROM [identity].[UserCredential] WHERE [UserId] = @UserId AND [FailedLoginCount] > 0;

    EXECUTE tSQLt.AssertEquals @Expected = 50601, @Actual = @Error;
    EXECUTE tSQLt.AssertEquals @Expected = 1, @Actual = @State, @Message = N'the caller''s transaction must stay committable';
    EXECUTE tSQLt.AssertEquals @Expected = 0, @Actual = @Written;
END;
GO
