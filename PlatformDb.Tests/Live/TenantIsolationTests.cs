using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Row-level security, masking and the role grants of v1.5.0 (docs/security.md) under each role's own permissions: every
/// test creates a user WITHOUT LOGIN, makes it a member of one role, and runs as that user (<c>EXECUTE AS USER</c>) on a
/// connection that is not pooled, so neither the impersonation nor the session organization outlives the test. Each
/// test resets the session organization and REVERTs in a finally block, and drops its user (from a fresh connection if
/// the test's own one is broken or still impersonating).
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class TenantIsolationTests(LiveDatabaseFixture fixture)
{
    private const int BlockPredicateConflict = 33504;
    private const int PermissionDenied = 229;
    private const int BudgetNotFound = 50201;
    private const int SessionOrganizationSet = 50601;

    [Fact]
    public async Task A_tenant_reader_sees_only_its_session_organization_and_nothing_without_one()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var a = await rows.OrganizationAsync(ct);
        var b = await rows.OrganizationAsync(ct);
        await rows.BudgetAsync(a, 10m, null, null, true, ct);
        await rows.BudgetAsync(b, 10m, null, null, true, ct);
        const string Visible = """
            SELECT (SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] = @A),
                   (SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [OrganizationId] = @B),
                   (SELECT COUNT(*) FROM [billing].[Budget] WHERE [OrganizationId] = @A),
                   (SELECT COUNT(*) FROM [billing].[Budget] WHERE [OrganizationId] = @B);
            """;

        await using var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_tenant_reader", [], ct);
        var confined = await session.RunAsync(a, c => CountsAsync(c, Visible, a, b, ct), ct);
        var unset = await session.RunAsync(null, c => CountsAsync(c, Visible, a, b, ct), ct);

        Assert.Equal([1, 0, 1, 0], confined);
        Assert.Equal([0, 0, 0, 0], unset);
    }

    [Fact]
    public async Task A_tenant_reader_with_a_write_grant_cannot_create_change_or_delete_another_organizations_rows()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var a = await rows.OrganizationAsync(ct);
        var b = await rows.OrganizationAsync(ct);
        // The role has no write grant; the test grants one to its own user to show the block predicate is a second wall.
        string[] grants = ["GRANT INSERT, UPDATE, DELETE ON OBJECT::[tenancy].[Organization] TO [{0}];"];

        await using var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_tenant_reader", grants, ct);
        // A new organization gets a new id, never A's: AFTER INSERT blocks it.
        var insert = await Assert.ThrowsAsync<SqlException>(() => session.RunAsync(a, c => ExecAsync(c,
            "INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Other tenant');", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = "rls-" + Guid.NewGuid().ToString("N")[..12] }), ct));
        // B's row is filtered: UPDATE and DELETE find nothing to change.
        var updated = await session.RunAsync(a, c => ExecAsync(c,
            "UPDATE [tenancy].[Organization] SET [DisplayName] = N'Taken over' WHERE [OrganizationId] = @B;", ct,
            new SqlParameter("@B", SqlDbType.Int) { Value = b }), ct);
        var deleted = await session.RunAsync(a, c => ExecAsync(c,
            "DELETE FROM [tenancy].[Organization] WHERE [OrganizationId] = @B;", ct,
            new SqlParameter("@B", SqlDbType.Int) { Value = b }), ct);

        Assert.Equal(BlockPredicateConflict, insert.Number);
        Assert.Equal(0, updated);
        Assert.Equal(0, deleted);
        Assert.Equal("Live test org", await rows.ScalarAsync<string>(
            "SELECT [DisplayName] FROM [tenancy].[Organization] WHERE [OrganizationId] = @B;", ct,
            new SqlParameter("@B", SqlDbType.Int) { Value = b }));
    }

    [Fact]
    public async Task A_service_connection_confined_to_one_organization_cannot_consume_another_organizations_budget()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var a = await rows.OrganizationAsync(ct);
        var b = await rows.OrganizationAsync(ct);
        var budgetOfB = await rows.BudgetAsync(b, 100m, null, null, true, ct);

        await using var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_app", [], ct);
        // Even with B's own organization id: the session is confined to A, so B's budget does not exist for it.
        var refused = await Assert.ThrowsAsync<SqlException>(() => session.RunAsync(a, c => ConsumeAsync(c, b, budgetOfB, ct), ct));
        // Without a session organization the service behaves as before v1.5.0.
        await session.RunAsync(null, c => ConsumeAsync(c, b, budgetOfB, ct), ct);

        Assert.Equal(BudgetNotFound, refused.Number);
        Assert.Equal(1m, await rows.ScalarAsync<decimal>(
            "SELECT ISNULL(SUM([SpentAmount]), 0) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;", ct,
            new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetOfB }));
    }

    [Fact]
    public async Task A_confined_service_connection_is_refused_creating_a_user_or_an_organization_with_50601_and_writes_nothing()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var a = await rows.OrganizationAsync(ct);
        var owner = await rows.UserAsync(ct);
        var email = "confined-" + Guid.NewGuid().ToString("N")[..12] + "@example.test";
        var slug = "confined-" + Guid.NewGuid().ToString("N")[..12];

        await using var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_app", [], ct);
        // identity.CreateUser writes an audit event without organization, which the AFTER INSERT block predicate would
        // refuse midway (33504); it refuses the confined connection up front instead (50601, docs/security.md,
        // "Procedures on a confined connection").
        var user = await Assert.ThrowsAsync<SqlException>(() => session.RunAsync(a, c => ProcedureAsync(c, "[identity].[CreateUser]", ct,
            new SqlParameter("@Email", SqlDbType.NVarChar, 4000) { Value = email },
            new SqlParameter("@DisplayName", SqlDbType.NVarChar, 4000) { Value = "Confined" },
            new SqlParameter("@PasswordHash", SqlDbType.VarChar, 8000) { Value = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA" }), ct));
        // A new organization's id is never the session's: refused up front the same way.
        var organization = await Assert.ThrowsAsync<SqlException>(() => session.RunAsync(a, c => ProcedureAsync(c, "[tenancy].[CreateOrganization]", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 8000) { Value = slug },
            new SqlParameter("@DisplayName", SqlDbType.NVarChar, 4000) { Value = "Confined" },
            new SqlParameter("@OwnerUserId", SqlDbType.Int) { Value = owner }), ct));

        Assert.Equal(SessionOrganizationSet, user.Number);
        Assert.Equal(SessionOrganizationSet, organization.Number);
        Assert.Equal(0, await rows.ScalarAsync<int>("SELECT COUNT(*) FROM [identity].[User] WHERE [Email] = @Email;", ct,
            new SqlParameter("@Email", SqlDbType.NVarChar, 320) { Value = email }));
        Assert.Equal(0, await rows.ScalarAsync<int>("SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [Slug] = @Slug;", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = slug }));
    }

    [Fact]
    public async Task Personal_columns_are_masked_for_the_auditor_and_clear_for_the_service()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var userId = await rows.UserAsync(ct);
        var organizationId = await rows.OrganizationAsync(ct);
        var email = await rows.ScalarAsync<string>("SELECT [Email] FROM [identity].[User] WHERE [UserId] = @Id;", ct,
            new SqlParameter("@Id", SqlDbType.Int) { Value = userId });
        const string Read = """
            SELECT [u].[Email], [u].[DisplayName], [o].[DisplayName]
            FROM [identity].[User] AS [u] CROSS JOIN [tenancy].[Organization] AS [o]
            WHERE [u].[UserId] = @UserId AND [o].[OrganizationId] = @OrganizationId;
            """;

        string[] auditor, service;
        await using (var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_auditor", [], ct))
        {
            auditor = await session.RunAsync(null, c => StringsAsync(c, Read, userId, organizationId, ct), ct);
        }

        await using (var session = await RoleSession.CreateAsync(fixture.ConnectionString, "platform_app", [], ct))
        {
            service = await session.RunAsync(null, c => StringsAsync(c, Read, userId, organizationId, ct), ct);
        }

        // email() keeps the first letter and shows aXXX@XXXX.com; default() shows four x for strings (DDM docs; the
        // docs' table writes XXXX, their example xxxx, so the case is not asserted).
        Assert.Equal(email![0] + "XXX@XXXX.com", auditor[0]);
        Assert.Equal("xxxx", auditor[1], ignoreCase: true);
        Assert.Equal("xxxx", auditor[2], ignoreCase: true);
        Assert.Equal([email, "Live test user", "Live test org"], service);
    }

    [Theory]
    [InlineData("platform_readonly", "usage.UsageEvent")]
    [InlineData("platform_readonly", "usage.UsageEventPurge")]
    [InlineData("platform_readonly", "usage.UsageHourly")]
    [InlineData("platform_readonly", "usage.UsagePurgeHourly")]
    [InlineData("platform_auditor", "usage.UsageEvent")]
    [InlineData("platform_auditor", "usage.UsageHourly")]
    [InlineData("platform_tenant_reader", "usage.UsageEvent")]
    [InlineData("platform_tenant_reader", "usage.UsageHourly")]
    [InlineData("platform_app", "usage.UsageEvent")]
    [InlineData("platform_app", "identity.UserCredential")]
    public async Task A_role_without_a_grant_cannot_select_raw_usage_or_credentials(string role, string table)
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var parts = table.Split('.');

        await using var session = await RoleSession.CreateAsync(fixture.ConnectionString, role, [], ct);
        var denied = await Assert.ThrowsAsync<SqlException>(() => session.RunAsync(null, c => ExecAsync(c,
            $"SELECT TOP (0) 1 AS [Any] FROM [{parts[0]}].[{parts[1]}];", ct), ct));

        Assert.Equal(PermissionDenied, denied.Number);
    }

    [Fact]
    public async Task A_pooled_connection_does_not_carry_the_session_organization_to_its_next_use()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        // A pool of its own: an application name no other test uses.
        var pooled = new SqlConnectionStringBuilder(fixture.ConnectionString)
        {
            Pooling = true,
            ApplicationName = "PlatformDb.Tests.SessionContext." + Guid.NewGuid().ToString("N")[..8],
        }.ConnectionString;

        short firstSpid, secondSpid;
        object? carried;
        await using (var first = new SqlConnection(pooled))
        {
            await first.OpenAsync(ct);
            firstSpid = await ScalarAsync<short>(first, "SELECT CAST(@@SPID AS SMALLINT);", ct);
            await ExecAsync(first, "EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = 42, @read_only = 1;", ct);
        }

        await using (var second = new SqlConnection(pooled))
        {
            await second.OpenAsync(ct);
            secondSpid = await ScalarAsync<short>(second, "SELECT CAST(@@SPID AS SMALLINT);", ct);
            carried = await ScalarAsync<object>(second, "SELECT SESSION_CONTEXT(N'OrganizationId');", ct);
            // Read-only held only on the previous logical connection: setting it again must work.
            await ExecAsync(second, "EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = 7, @read_only = 1;", ct);
        }

        SqlConnection.ClearPool(new SqlConnection(pooled));
        Assert.Equal(firstSpid, secondSpid);
        Assert.Equal(DBNull.Value, carried);
    }

    private static async Task<int[]> CountsAsync(SqlConnection connection, string sql, int a, int b, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.Add(new SqlParameter("@A", SqlDbType.Int) { Value = a });
        command.Parameters.Add(new SqlParameter("@B", SqlDbType.Int) { Value = b });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return [reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)];
    }

    private static async Task<string[]> StringsAsync(SqlConnection connection, string sql, int userId, int organizationId, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.Add(new SqlParameter("@UserId", SqlDbType.Int) { Value = userId });
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct), "The row is not visible.");
        return [reader.GetString(0), reader.GetString(1), reader.GetString(2)];
    }

    private static async Task<int> ConsumeAsync(SqlConnection connection, int organizationId, int budgetId, CancellationToken ct)
    {
        await using var command = new SqlCommand("[billing].[ConsumeBudget]", connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        command.Parameters.Add(new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId });
        command.Parameters.Add(new SqlParameter("@Amount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Value = 1m });
        command.Parameters.Add(new SqlParameter("@Tokens", SqlDbType.BigInt) { Value = 1L });
        command.Parameters.Add(new SqlParameter("@RemainingAmount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Direction = ParameterDirection.Output });
        command.Parameters.Add(new SqlParameter("@RemainingTokens", SqlDbType.BigInt) { Direction = ParameterDirection.Output });
        command.Parameters.Add(new SqlParameter("@AlertRaised", SqlDbType.Bit) { Direction = ParameterDirection.Output });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ProcedureAsync(SqlConnection connection, string procedure, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var command = new SqlCommand(procedure, connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.AddRange(parameters);
        // ExecuteNonQuery reads past every result set, so an error after the first one is raised too.
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ExecAsync(SqlConnection connection, string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// A user WITHOUT LOGIN in one role (plus the test's own grants, <c>{0}</c> standing for the user) on a connection
    /// that is not pooled. <see cref="RunAsync{T}"/> impersonates it with a session organization or none, and always
    /// clears the organization and REVERTs; disposing drops the user.
    /// </summary>
    private sealed class RoleSession : IAsyncDisposable
    {
        private readonly SqlConnection connection;
        private readonly string connectionString;
        private readonly string user;
        private readonly string role;

        private RoleSession(SqlConnection connection, string connectionString, string user, string role)
        {
            this.connection = connection;
            this.connectionString = connectionString;
            this.user = user;
            this.role = role;
        }

        public static async Task<RoleSession> CreateAsync(string connectionString, string role, string[] grants, CancellationToken ct)
        {
            var unpooled = new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
            var connection = new SqlConnection(unpooled);
            await connection.OpenAsync(ct);
            var user = "rls_" + Guid.NewGuid().ToString("N")[..12];
            var session = new RoleSession(connection, unpooled, user, role);
            try
            {
                await ExecAsync(connection, $"CREATE USER [{user}] WITHOUT LOGIN; ALTER ROLE [{role}] ADD MEMBER [{user}];", ct);
                foreach (var grant in grants)
                {
                    await ExecAsync(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, grant, user), ct);
                }
            }
            catch
            {
                // Drops what was created (DROP USER of a user that does not exist fails too: then only the connection goes).
                try
                {
                    await session.DisposeAsync();
                }
                catch (SqlException)
                {
                }

                throw;
            }

            return session;
        }

        public async Task<T> RunAsync<T>(int? organizationId, Func<SqlConnection, Task<T>> body, CancellationToken ct)
        {
            await ExecAsync(connection, $"EXECUTE AS USER = N'{user}';", ct);
            try
            {
                await using (var set = new SqlCommand("EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = @Value;", connection))
                {
                    set.Parameters.Add(new SqlParameter("@Value", SqlDbType.Int) { Value = (object?)organizationId ?? DBNull.Value });
                    await set.ExecuteNonQueryAsync(ct);
                }

                return await body(connection);
            }
            finally
            {
                // A severe error closes the connection, and with it the impersonation and the session context; then
                // there is nothing to reset, and throwing here would hide the test's own exception.
                if (connection.State == ConnectionState.Open)
                {
                    await ExecAsync(connection, "EXECUTE sys.sp_set_session_context @key = N'OrganizationId', @value = NULL; REVERT;", CancellationToken.None);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            var drop = $"ALTER ROLE [{role}] DROP MEMBER [{user}]; DROP USER [{user}];";
            try
            {
                if (connection.State == ConnectionState.Open)
                {
                    await ExecAsync(connection, drop, CancellationToken.None);
                    return;
                }
            }
            catch (SqlException)
            {
                // Still impersonating (a failed REVERT) or a broken connection: drop the user from a fresh one below.
            }
            finally
            {
                await connection.DisposeAsync();
            }

            await using var fresh = new SqlConnection(connectionString);
            await fresh.OpenAsync(CancellationToken.None);
            await ExecAsync(fresh, drop, CancellationToken.None);
        }
    }
}
