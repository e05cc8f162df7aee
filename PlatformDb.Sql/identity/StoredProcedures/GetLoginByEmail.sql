/*
The password-login lookup: the credential of the live user with this e-mail, or no row. Not tenant-scoped on purpose
(a reviewed exception in ProcedureRules.OrganizationFreeProcedures): a login happens before the service knows which
organization the user acts for; the organizations come from the user's memberships after the password is verified.
The service verifies the PHC string itself and then calls identity.RecordLoginAttempt. IsLocked is judged against the
server's clock. @Email is declared wider than the column so that an overlong value is not truncated into another
user's address (SET ANSI_WARNINGS docs: parameters truncate silently): such a value returns no row.
Result set (0 or 1 row): UserId, PasswordHash, FailedLoginCount, LockedUntil, IsLocked. Errors: none.
*/
CREATE PROCEDURE [identity].[GetLoginByEmail]
    @Email NVARCHAR (4000)
AS
SET NOCOUNT ON;
SET XACT_ABORT ON;

SELECT [u].[UserId],
       [c].[PasswordHash],
       [c].[FailedLoginCount],
       [c].[LockedUntil],
       CAST(CASE WHEN [c].[LockedUntil] > SYSUTCDATETIME() THEN 1 ELSE 0 END AS BIT) AS [IsLocked]
FROM [identity].[User] AS [u]
INNER JOIN [identity].[UserCredential] AS [c] ON [c].[UserId] = [u].[UserId]
WHERE [u].[Email] = @Email
  AND [u].[DeletedAt] IS NULL
  AND LEN(@Email) <= 320;
