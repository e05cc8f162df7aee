using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// The v1.4.0 service path (docs/service-path.md) against a real server: each procedure's happy and error paths,
/// billing.RecordRequest inside a caller's transaction and under concurrency, and the dev seed published twice.
/// Each test works on new organizations; the database is dropped after the run.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ServicePathTests(LiveDatabaseFixture fixture)
{
    private const string DevPasswordHash = "$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE";

    private sealed record Recorded(long UsageEventId, string Outcome, decimal CostAmount, DateTime HourBucket);

    private sealed record Tenant(int OrganizationId, int UserId, int ApiKeyId, int ModelId);

    // ---- billing.RecordRequest ----------------------------------------------------------------------------------

    [Fact]
    public async Task RecordRequest_charges_every_applicable_budget_once_and_a_retry_is_a_duplicate()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var organizationBudget = await BudgetAsync(tenant.OrganizationId, "organization", null, null, 100m, null, true, ct);
        var userBudget = await BudgetAsync(tenant.OrganizationId, "user", tenant.UserId, null, 100m, null, true, ct);
        var keyBudget = await BudgetAsync(tenant.OrganizationId, "apikey", null, tenant.ApiKeyId, null, 1_000_000, true, ct);
        var requestId = "req-" + Guid.NewGuid().ToString("N");
        var at = DateTime.UtcNow.AddSeconds(-5);

        var first = await RecordAsync(null, tenant, requestId, at, 1000, 500, ct, userId: tenant.UserId);
        var retry = await RecordAsync(null, tenant, requestId, at, 1000, 500, ct, userId: tenant.UserId);

        // 1000 x 2.5 + 500 x 10 per million tokens.
        Assert.Equal("inserted", first.Outcome);
        Assert.Equal(0.0075m, first.CostAmount);
        Assert.Equal(new Recorded(first.UsageEventId, "duplicate", first.CostAmount, first.HourBucket), retry);
        foreach (var budgetId in new[] { organizationBudget, userBudget, keyBudget })
        {
            var state = (await StateAsync(tenant.OrganizationId, ct)).Single(s => s.BudgetId == budgetId);
            Assert.Equal(0.0075m, state.SpentAmount);
            Assert.Equal(1500L, state.SpentTokens);
        }
    }

    [Fact]
    public async Task RecordRequest_refused_by_a_hard_stop_writes_no_charge_and_no_event()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        await BudgetAsync(tenant.OrganizationId, "organization", null, null, 100m, null, true, ct);
        await BudgetAsync(tenant.OrganizationId, "apikey", null, tenant.ApiKeyId, null, 100, true, ct);
        var requestId = "req-" + Guid.NewGuid().ToString("N");

        var refused = await Assert.ThrowsAsync<SqlException>(() => RecordAsync(null, tenant, requestId, DateTime.UtcNow, 1000, 500, ct));

        Assert.Equal(50202, refused.Number);
        Assert.All(await StateAsync(tenant.OrganizationId, ct), s => Assert.Equal(0L, s.SpentTokens));
        Assert.Equal(0, await EventCountAsync(tenant.OrganizationId, ct));
    }

    [Fact]
    public async Task RecordRequest_refuses_another_organizations_key_and_user()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var other = await TenantAsync(ct);

        var key = await Assert.ThrowsAsync<SqlException>(() =>
            RecordAsync(null, tenant with { ApiKeyId = other.ApiKeyId }, "req-a", DateTime.UtcNow, 10, 10, ct));
        var user = await Assert.ThrowsAsync<SqlException>(() =>
            RecordAsync(null, tenant, "req-b", DateTime.UtcNow, 10, 10, ct, userId: other.UserId));

        Assert.Equal(50301, key.Number);
        Assert.Equal(50204, user.Number);
        Assert.Equal(0, await EventCountAsync(tenant.OrganizationId, ct));
    }

    [Fact]
    public async Task RecordRequest_inside_a_callers_transaction_keeps_it_open_after_a_refusal_and_rolls_back_with_it()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var keyBudget = await BudgetAsync(tenant.OrganizationId, "apikey", null, tenant.ApiKeyId, null, 2000, true, ct);

        await using (var connection = new SqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
            var accepted = await RecordAsync((connection, transaction), tenant, "req-in-1", DateTime.UtcNow, 1000, 500, ct);
            var refused = await Assert.ThrowsAsync<SqlException>(() =>
                RecordAsync((connection, transaction), tenant, "req-in-2", DateTime.UtcNow, 1000, 500, ct));

            Assert.Equal("inserted", accepted.Outcome);
            Assert.Equal(50202, refused.Number);
            await using var count = new SqlCommand("SELECT @@TRANCOUNT;", connection, transaction);
            Assert.Equal(1, (int)(await count.ExecuteScalarAsync(ct))!);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(0, await EventCountAsync(tenant.OrganizationId, ct));
        Assert.Equal(0L, (await StateAsync(tenant.OrganizationId, ct)).Single(s => s.BudgetId == keyBudget).SpentTokens);
    }

    [Fact]
    public async Task Concurrent_RecordRequest_calls_never_overspend_a_nearly_spent_hard_stop_budget()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        // Room for exactly 10 calls of 150 tokens after a first call of 150.
        var budgetId = await BudgetAsync(tenant.OrganizationId, "apikey", null, tenant.ApiKeyId, null, 1650, true, ct);
        await RecordAsync(null, tenant, "req-first", DateTime.UtcNow, 100, 50, ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            // A deadlock victim (1205) is retried with the same request: the call is idempotent (docs/analytics.md).
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await RecordAsync(null, tenant, $"req-par-{i}", DateTime.UtcNow, 100, 50, ct);
                    return 0;
                }
                catch (SqlException e) when (e.Number == 50202)
                {
                    return e.Number;
                }
                catch (SqlException e) when (e.Number == 1205 && attempt < 10)
                {
                }
            }
        }));

        var state = (await StateAsync(tenant.OrganizationId, ct)).Single(s => s.BudgetId == budgetId);
        var accepted = results.Count(r => r == 0);
        Assert.True(state.SpentTokens <= 1650, $"spent {state.SpentTokens} of 1650");
        Assert.Equal(150L * (accepted + 1), state.SpentTokens);
        Assert.Equal(accepted + 1, await EventCountAsync(tenant.OrganizationId, ct));
        Assert.Equal(10, accepted);
    }

    // ---- login ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Five_failed_logins_lock_the_user_for_15_minutes_and_a_success_unlocks()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var email = Guid.NewGuid().ToString("N") + "@example.test";
        var userId = await ScalarAsync<int>("EXECUTE [identity].[CreateUser] @Email = @Email, @DisplayName = N'Login user', @PasswordHash = @Hash;", ct,
            new SqlParameter("@Email", SqlDbType.NVarChar, 320) { Value = email },
            new SqlParameter("@Hash", SqlDbType.VarChar, 255) { Value = DevPasswordHash });

        for (var i = 0; i < 5; i++)
        {
            await ExecuteAsync("EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 0;", ct, Int("@UserId", userId));
        }

        var locked = await LoginAsync(email, ct);
        Assert.Equal(userId, locked.GetInt32(0));
        Assert.True((bool)locked.Values[4]);
        Assert.InRange(locked.GetDateTime(3), DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
        Assert.Equal(1, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'identity.login_locked' AND [TargetId] = CONVERT(VARCHAR(100), @UserId);",
            ct, Int("@UserId", userId)));

        await ExecuteAsync("EXECUTE [identity].[RecordLoginAttempt] @UserId = @UserId, @Succeeded = 1;", ct, Int("@UserId", userId));
        var unlocked = await LoginAsync(email, ct);
        Assert.False((bool)unlocked.Values[4]);
        Assert.Equal(0, unlocked.GetInt32(2));
        Assert.Empty(await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [identity].[GetLoginByEmail] @Email = N'nobody@example.test';", ct));
    }

    // ---- API keys ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Keys_are_created_listed_rotated_and_revoked_with_audit_rows_and_never_list_the_hash()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var keyId = await ScalarAsync<int>(
            "EXECUTE [identity].[CreateApiKey] @OrganizationId = @OrganizationId, @CreatedByUserId = @UserId, @Name = N'svc key', @KeyPrefix = @Prefix, @KeyHash = @Hash, @Scopes = N'[\"chat:write\"]';",
            ct, Int("@OrganizationId", tenant.OrganizationId), Int("@UserId", tenant.UserId), Prefix(), Hash());

        var rotated = (await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId, @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = 30;",
            ct, Int("@OrganizationId", tenant.OrganizationId), Int("@ApiKeyId", keyId), Int("@UserId", tenant.UserId),
            Prefix(), Hash())).Single();
        await ExecuteAsync("EXECUTE [identity].[RevokeApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId;", ct,
            Int("@OrganizationId", tenant.OrganizationId), Int("@ApiKeyId", keyId), Int("@UserId", tenant.UserId));
        var listed = await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [identity].[ListApiKeys] @OrganizationId = @OrganizationId;", ct, Int("@OrganizationId", tenant.OrganizationId));

        Assert.InRange(rotated.GetDateTime(1), DateTime.UtcNow.AddMinutes(29), DateTime.UtcNow.AddMinutes(31));
        Assert.Contains(listed, r => r.GetInt32(0) == rotated.GetInt32(0) && (string)r.Values[1] == "svc key" && r.IsNull(6));
        Assert.Contains(listed, r => r.GetInt32(0) == keyId && !r.IsNull(6));
        Assert.All(listed, r => Assert.Equal(8, r.Values.Length));
        Assert.Equal(3, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [OrganizationId] = @OrganizationId AND [Action] IN ('identity.apikey_created', 'identity.apikey_rotated', 'identity.apikey_revoked');",
            ct, Int("@OrganizationId", tenant.OrganizationId)));
    }

    [Fact]
    public async Task Rotating_a_key_moves_its_hard_stop_budget_so_requests_with_the_new_and_the_old_key_are_both_refused()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var budgetId = await BudgetAsync(tenant.OrganizationId, "apikey", null, tenant.ApiKeyId, null, 100, true, ct);
        await RecordAsync(null, tenant, "req-" + Guid.NewGuid().ToString("N"), DateTime.UtcNow, 60, 30, ct);

        var rotated = (await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [identity].[RotateApiKey] @OrganizationId = @OrganizationId, @ApiKeyId = @ApiKeyId, @ActorUserId = @UserId, @NewKeyPrefix = @Prefix, @NewKeyHash = @Hash, @GraceMinutes = 30;",
            ct, Int("@OrganizationId", tenant.OrganizationId), Int("@ApiKeyId", tenant.ApiKeyId), Int("@UserId", tenant.UserId),
            Prefix(), Hash())).Single();
        var newKey = tenant with { ApiKeyId = rotated.GetInt32(0) };

        var withNewKey = await Assert.ThrowsAsync<SqlException>(() => RecordAsync(null, newKey, "req-" + Guid.NewGuid().ToString("N"), DateTime.UtcNow, 10, 10, ct));
        var withOldKey = await Assert.ThrowsAsync<SqlException>(() => RecordAsync(null, tenant, "req-" + Guid.NewGuid().ToString("N"), DateTime.UtcNow, 10, 10, ct));

        Assert.Equal(50202, withNewKey.Number);
        Assert.Equal(50202, withOldKey.Number);
        Assert.Equal(newKey.ApiKeyId, await ScalarAsync<int>(
            "SELECT [ApiKeyId] FROM [billing].[Budget] WHERE [BudgetId] = @BudgetId;", ct, Int("@BudgetId", budgetId)));
        Assert.Equal(newKey.ApiKeyId, await ScalarAsync<int>(
            "SELECT [ReplacedByApiKeyId] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;", ct, Int("@ApiKeyId", tenant.ApiKeyId)));
        Assert.Equal(90L, Assert.Single(await StateAsync(tenant.OrganizationId, ct), st => st.BudgetId == budgetId).SpentTokens);
        Assert.Equal(1, await EventCountAsync(tenant.OrganizationId, ct));

        // Within the limit, a request with the old key is still charged to the moved budget.
        await RecordAsync(null, tenant, "req-" + Guid.NewGuid().ToString("N"), DateTime.UtcNow, 4, 4, ct);
        Assert.Equal(98L, Assert.Single(await StateAsync(tenant.OrganizationId, ct), st => st.BudgetId == budgetId).SpentTokens);
    }

    // ---- tenancy -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Members_are_added_changed_removed_and_revived_and_the_last_owner_stays()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var owner = await rows.UserAsync(ct);
        var member = await rows.UserAsync(ct);
        var organizationId = await ScalarAsync<int>(
            "EXECUTE [tenancy].[CreateOrganization] @Slug = @Slug, @DisplayName = N'Service org', @OwnerUserId = @OwnerUserId;", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = "s-" + Guid.NewGuid().ToString("N")[..12] }, Int("@OwnerUserId", owner));
        var call = "EXECUTE [tenancy].[{0}] @OrganizationId = @OrganizationId, @UserId = @UserId, {1}@ActorUserId = @ActorUserId;";

        await ExecuteAsync(string.Format(call, "AddMember", "@Role = 'member', "), ct, Int("@OrganizationId", organizationId), Int("@UserId", member), Int("@ActorUserId", owner));
        await ExecuteAsync(string.Format(call, "ChangeMemberRole", "@Role = 'admin', "), ct, Int("@OrganizationId", organizationId), Int("@UserId", member), Int("@ActorUserId", owner));
        await ExecuteAsync(string.Format(call, "RemoveMember", ""), ct, Int("@OrganizationId", organizationId), Int("@UserId", member), Int("@ActorUserId", owner));
        await ExecuteAsync(string.Format(call, "AddMember", "@Role = 'viewer', "), ct, Int("@OrganizationId", organizationId), Int("@UserId", member), Int("@ActorUserId", owner));
        var lastOwner = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync(string.Format(call, "RemoveMember", ""), ct,
            Int("@OrganizationId", organizationId), Int("@UserId", owner), Int("@ActorUserId", owner)));

        Assert.Equal(50508, lastOwner.Number);
        Assert.Equal("viewer", await ScalarAsync<string>(
            "SELECT [Role] FROM [tenancy].[Membership] WHERE [OrganizationId] = @OrganizationId AND [UserId] = @UserId AND [RemovedAt] IS NULL;", ct,
            Int("@OrganizationId", organizationId), Int("@UserId", member)));
        Assert.Equal(5, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [OrganizationId] = @OrganizationId AND [Action] LIKE 'tenancy.%';", ct,
            Int("@OrganizationId", organizationId)));
    }

    // ---- environment and dev seed ----------------------------------------------------------------------------------

    [Fact]
    public async Task Publishing_the_dev_seed_twice_leaves_the_same_rows_and_records_the_environment()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        const string counts = """
            SELECT (SELECT COUNT(*) FROM [tenancy].[Organization]) * 1
                 + (SELECT COUNT(*) FROM [identity].[User]) * 100
                 + (SELECT COUNT(*) FROM [identity].[ApiKey]) * 10000
                 + (SELECT COUNT(*) FROM [billing].[Budget]) * 1000000
                 + CAST((SELECT COUNT(*) FROM [usage].[UsageEvent]) AS BIGINT) * 100000000
                 + CAST((SELECT COUNT(*) FROM [usage].[UsageDaily]) AS BIGINT) * 100000000000;
            """;

        Publish(database, ct);
        var first = await new LiveRows(database.ConnectionString).ScalarAsync<long>(counts, ct);
        Publish(database, ct);
        var second = await new LiveRows(database.ConnectionString).ScalarAsync<long>(counts, ct);

        Assert.Equal(first, second);
        Assert.Equal(7 * 24, await new LiveRows(database.ConnectionString).ScalarAsync<int>(
            "SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [RequestId] LIKE 'seed-acme-%';", ct));
        Assert.Equal("test", await new LiveRows(database.ConnectionString).ScalarAsync<string>(
            "SELECT [Environment] FROM [ops].[DatabaseEnvironment];", ct));
    }

    private void Publish(ScratchDatabase database, CancellationToken cancellationToken)
    {
        var options = new DacDeployOptions { CreateNewDatabase = false, BlockOnPossibleDataLoss = true };
        options.SqlCommandVariableValues["Environment"] = "test";
        options.SqlCommandVariableValues["SeedDevData"] = "true";
        var services = new DacServices(fixture.ServerConnectionString);
        using var package = DacPackage.Load(RepoPaths.BuiltDacpac);
        services.Deploy(package, database.Name, upgradeExisting: true, options, cancellationToken);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private async Task<Tenant> TenantAsync(CancellationToken ct)
    {
        var usage = await new UsageRows(fixture.ConnectionString).TenantAsync(ct);
        await ExecuteAsync("INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'owner');", ct,
            Int("@OrganizationId", usage.OrganizationId), Int("@UserId", usage.UserId));
        return new Tenant(usage.OrganizationId, usage.UserId, usage.ApiKeyId, usage.ModelId);
    }

    private async Task<int> BudgetAsync(
        int organizationId, string scope, int? userId, int? apiKeyId, decimal? limitAmount, long? limitTokens, bool hardStop, CancellationToken ct) =>
        await ScalarAsync<int>(
            """
            INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [ApiKeyId], [Period], [LimitAmount], [LimitTokens], [HardStop])
            VALUES (@OrganizationId, @Scope, @UserId, @ApiKeyId, 'monthly', @LimitAmount, @LimitTokens, @HardStop);
            SELECT CAST(SCOPE_IDENTITY() AS INT);
            """,
            ct,
            Int("@OrganizationId", organizationId),
            new SqlParameter("@Scope", SqlDbType.VarChar, 12) { Value = scope },
            new SqlParameter("@UserId", SqlDbType.Int) { Value = (object?)userId ?? DBNull.Value },
            new SqlParameter("@ApiKeyId", SqlDbType.Int) { Value = (object?)apiKeyId ?? DBNull.Value },
            new SqlParameter("@LimitAmount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Value = (object?)limitAmount ?? DBNull.Value },
            new SqlParameter("@LimitTokens", SqlDbType.BigInt) { Value = (object?)limitTokens ?? DBNull.Value },
            new SqlParameter("@HardStop", SqlDbType.Bit) { Value = hardStop });

    private async Task<Recorded> RecordAsync(
        (SqlConnection Connection, SqlTransaction Transaction)? open, Tenant tenant, string requestId, DateTime at,
        int promptTokens, int completionTokens, CancellationToken ct, int? userId = null)
    {
        SqlConnection? own = null;
        try
        {
            var connection = open?.Connection ?? (own = new SqlConnection(fixture.ConnectionString));
            if (own is not null)
            {
                await own.OpenAsync(ct);
            }

            await using var command = new SqlCommand("[billing].[RecordRequest]", connection, open?.Transaction) { CommandType = CommandType.StoredProcedure };
            command.Parameters.Add(Int("@OrganizationId", tenant.OrganizationId));
            command.Parameters.Add(Int("@ApiKeyId", tenant.ApiKeyId));
            command.Parameters.Add(new SqlParameter("@UserId", SqlDbType.Int) { Value = (object?)userId ?? DBNull.Value });
            command.Parameters.Add(new SqlParameter("@RequestId", SqlDbType.VarChar, 8000) { Value = requestId });
            command.Parameters.Add(Int("@ModelId", tenant.ModelId));
            command.Parameters.Add(new SqlParameter("@OccurredAt", SqlDbType.DateTime2) { Scale = 3, Value = at });
            command.Parameters.Add(Int("@PromptTokens", promptTokens));
            command.Parameters.Add(Int("@CompletionTokens", completionTokens));
            command.Parameters.Add(Int("@LatencyMs", 250));
            command.Parameters.Add(new SqlParameter("@StatusCode", SqlDbType.SmallInt) { Value = (short)200 });
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            return new Recorded(reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDateTime(3));
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private sealed record BudgetState(int BudgetId, decimal SpentAmount, long SpentTokens);

    private async Task<List<BudgetState>> StateAsync(int organizationId, CancellationToken ct) =>
        (await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [billing].[GetBudgetState] @OrganizationId = @OrganizationId;", ct, Int("@OrganizationId", organizationId)))
        .Select(r => new BudgetState(r.GetInt32(0), (decimal)r.Values[8], r.GetInt64(9)))
        .ToList();

    private async Task<SqlDataReaderRow> LoginAsync(string email, CancellationToken ct) =>
        (await new UsageRows(fixture.ConnectionString).QueryAsync(
            "EXECUTE [identity].[GetLoginByEmail] @Email = @Email;", ct,
            new SqlParameter("@Email", SqlDbType.NVarChar, 320) { Value = email })).Single();

    private async Task<int> EventCountAsync(int organizationId, CancellationToken ct) =>
        await ScalarAsync<int>("SELECT COUNT(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;", ct, Int("@OrganizationId", organizationId));

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params SqlParameter[] parameters) =>
        (await new LiveRows(fixture.ConnectionString).ScalarAsync<T>(sql, ct, parameters))!;

    private async Task ExecuteAsync(string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static SqlParameter Int(string name, int value) => new(name, SqlDbType.Int) { Value = value };

    private static SqlParameter Prefix() =>
        new("@Prefix", SqlDbType.VarChar, 16) { Value = "sk_" + Guid.NewGuid().ToString("N")[..12] };

    private static SqlParameter Hash() =>
        new("@Hash", SqlDbType.VarBinary, 32) { Value = SHA256.HashData(RandomNumberGenerator.GetBytes(32)) };
}
