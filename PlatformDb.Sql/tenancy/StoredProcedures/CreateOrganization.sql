/*
Creates an organization and its first owner's membership. Not tenant-scoped (ProcedureRules.OrganizationFreeProcedures):
the organization does not exist yet. @OwnerUserId must be a live user. String parameters are declared wider than their
columns so that an overlong slug is refused (50501) instead of being truncated silently into another slug (SET
ANSI_WARNINGS docs). The slug probe takes UPDLOCK, HOLDLOCK on the live-slug key, so two concurrent calls with one slug
cannot both pass it. Audit: tenancy.organization_created (actor the owner, target the organization id).
Safe inside a caller's transaction: a refusal writes nothing and leaves it open.
Result set: one row OrganizationId. Errors: 50501 invalid values; 50502 slug used by a live organization; 50503 owner; 50601 session organization set.
unknown or deleted.
*/
CREATE PROCEDURE [tenancy].[CreateOrganization]
    @Slug        VARCHAR (8000),
    @DisplayName NVARCHAR (4000),
    @OwnerUserId INT
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @TranCount INT = @@TRANCOUNT;

-- v1.5.0: refused up front on a connection confined to one organization (SESSION_CONTEXT(N'OrganizationId') set):
-- it writes rows no single organization owns (an audit event without organization, or a new organization), which the
-- tenant isolation policy's block predicate would refuse midway with 33504 under XACT_ABORT ON, dooming a caller's
-- transaction. Refusing before any write keeps the caller's transaction usable (docs/security.md).
IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL
BEGIN
    SET XACT_ABORT OFF;
    THROW 50601, N'tenancy.CreateOrganization must run on a connection without a session organization (SESSION_CONTEXT OrganizationId is set).', 1;
END;
DECLARE @OrganizationId INT;
DECLARE @Message NVARCHAR (2048);

IF @Slug IS NULL OR LEN(@Slug) NOT BETWEEN 3 AND 63 OR DATALENGTH(@Slug) > 63
   OR @Slug COLLATE Latin1_General_100_BIN2 LIKE '%[^a-z0-9-]%'
   OR @Slug COLLATE Latin1_General_100_BIN2 LIKE '-%'
   OR @Slug COLLATE Latin1_General_100_BIN2 LIKE '%-'
   OR @DisplayName IS NULL OR LEN(LTRIM(RTRIM(@DisplayName))) = 0 OR LEN(@DisplayName) > 200
BEGIN
    SET XACT_ABORT OFF;
    THROW 50501, N'Invalid organization values: the slug must be 3..63 of a-z 0-9 - without a leading or trailing hyphen, the display name non-blank (at most 200 characters).', 1;
END;

IF NOT EXISTS (SELECT 1 FROM [identity].[User] AS [u] WHERE [u].[UserId] = @OwnerUserId AND [u].[DeletedAt] IS NULL)
BEGIN
    SET @Message = CONCAT(N'User ', @OwnerUserId, N' does not exist or is deleted.');
    SET XACT_ABORT OFF;
    THROW 50503, @Message, 1;
END;

IF @TranCount = 0
    BEGIN TRANSACTION;
ELSE
    SAVE TRANSACTION [CreateOrganization];

IF EXISTS (SELECT 1 FROM [tenancy].[Organization] AS [o] WITH (UPDLOCK, HOLDLOCK)
           WHERE [o].[Slug] = @Slug AND [o].[DeletedAt] IS NULL)
BEGIN
    IF @TranCount = 0
        ROLLBACK TRANSACTION;
    ELSE
        ROLLBACK TRANSACTION [CreateOrganization];
    SET XACT_ABORT OFF;
    THROW 50502, N'The slug is already used by another organization.', 1;
END;

-- The lengths were checked above, so these conversions cut nothing.
INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
VALUES (CONVERT (VARCHAR (63), @Slug), CONVERT (NVARCHAR (200), @DisplayName));
SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);

INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role])
VALUES (@OrganizationId, @OwnerUserId, 'owner');

INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType], [ActorUserId], [Action], [TargetType], [TargetId])
VALUES (@OrganizationId, 'user', @OwnerUserId, 'tenancy.organization_created', 'organization', CONVERT (VARCHAR (100), @OrganizationId));

IF @TranCount = 0
    COMMIT TRANSACTION;

SELECT @OrganizationId AS [OrganizationId];
