using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// v1.5.0 erasure and the audit hash chain against a real server (docs/security.md, "Erasure" and "Tamper-evident audit
/// log"): erasure leaves no personal value in any character column of the database, keeps usage and billing totals and
/// is idempotent; tampering is found at the right position; concurrent and rolled-back inserters leave an unbroken chain.
/// Tampering runs inside a transaction that is rolled back, so the shared test database keeps an intact chain.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ErasureAndAuditChainTests(LiveDatabaseFixture fixture)
{
    private const string PasswordHash = "$pbkdf2-sha256$i=600000$B3sN7kxBlpbxYPc/1P1aWA$0NhjoF5TsjdsUauk90OsV2SzNEu7mHoHrdnUily2EJE";

    private sealed record Person(int UserId, int OrganizationId, int OwnerId, int ApiKeyId, int BudgetId, string Email, string DisplayName);

    private sealed record Verification(long ChainLinks, long? FirstBrokenPosition, long BrokenLinks, long UnchainedEvents, long? HeadPosition, bool? AnchorMatches, bool IsIntact);

    // ---- erasure ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task EraseUser_leaves_the_persons_email_and_name_in_no_character_column_of_the_database()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var person = await PersonAsync(ct);
        Assert.NotEmpty(await ColumnsContainingAsync(person.Email, ct));

        Assert.Equal("erased", await EraseUserAsync(person.UserId, person.UserId, ct));

        Assert.Empty(await ColumnsContainingAsync(person.Email, ct));
        Assert.Empty(await ColumnsContainingAsync(person.DisplayName, ct));
    }

    [Fact]
    public async Task EraseUser_keeps_usage_and_billing_totals_and_a_second_call_changes_nothing()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var person = await PersonAsync(ct);
        var totalsBefore = await TotalsAsync(person.OrganizationId, ct);

        var first = await EraseUserAsync(person.UserId, null, ct);
        var userAfterFirst = await ScalarAsync<byte[]>("SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[User] WHERE [UserId] = @Id;", ct, Int("@Id", person.UserId));
        var second = await EraseUserAsync(person.UserId, null, ct);

        Assert.Equal("erased", first);
        Assert.Equal("already_erased", second);
        Assert.Equal(totalsBefore, await TotalsAsync(person.OrganizationId, ct));
        Assert.Equal(userAfterFirst, await ScalarAsync<byte[]>("SELECT CAST([RowVersion] AS BINARY(8)) FROM [identity].[User] WHERE [UserId] = @Id;", ct, Int("@Id", person.UserId)));
        Assert.Equal(1, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'identity.user_erased' AND [TargetId] = CONVERT(VARCHAR(100), @Id);", ct, Int("@Id", person.UserId)));
        Assert.Equal(1, await ScalarAsync<int>(
            "SELECT CASE WHEN [RevokedAt] IS NULL THEN 0 ELSE 1 END FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", ct, Int("@Id", person.ApiKeyId)));
    }

    [Fact]
    public async Task EraseUser_refusal_inside_a_callers_transaction_keeps_it_open_with_its_work()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var person = await PersonAsync(ct);

        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, "UPDATE [tenancy].[Organization] SET [DisplayName] = N'Renamed in caller' WHERE [OrganizationId] = @Id;", ct, Int("@Id", person.OrganizationId));
        var refused = await Assert.ThrowsAsync<SqlException>(() => EraseUserAsync(person.OwnerId, person.OwnerId, ct, connection, transaction));

        Assert.Equal(50117, refused.Number);
        Assert.Equal(1, await ScalarAsync<int>(connection, transaction, "SELECT @@TRANCOUNT;", ct));
        Assert.Equal("Renamed in caller", await ScalarAsync<string>(connection, transaction,
            "SELECT [DisplayName] FROM [tenancy].[Organization] WHERE [OrganizationId] = @Id;", ct, Int("@Id", person.OrganizationId)));
        await transaction.RollbackAsync(ct);
    }

    [Fact]
    public async Task EraseOrganization_leaves_its_name_and_slug_nowhere_keeps_totals_and_is_idempotent()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var person = await PersonAsync(ct);
        var name = (await ScalarAsync<string>("SELECT [DisplayName] FROM [tenancy].[Organization] WHERE [OrganizationId] = @Id;", ct, Int("@Id", person.OrganizationId)))!;
        var slug = (await ScalarAsync<string>("SELECT [Slug] FROM [tenancy].[Organization] WHERE [OrganizationId] = @Id;", ct, Int("@Id", person.OrganizationId)))!;
        var totalsBefore = await TotalsAsync(person.OrganizationId, ct);

        var first = await EraseOrganizationAsync(person.OrganizationId, person.OwnerId, ct);
        var second = await EraseOrganizationAsync(person.OrganizationId, person.OwnerId, ct);

        Assert.Equal(("erased", "already_erased"), (first, second));
        Assert.Empty(await ColumnsContainingAsync(name, ct));
        Assert.Empty(await ColumnsContainingAsync(slug, ct));
        Assert.Equal(totalsBefore, await TotalsAsync(person.OrganizationId, ct));
        Assert.Equal(0, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [OrganizationId] = @Id AND [RevokedAt] IS NULL;", ct, Int("@Id", person.OrganizationId)));
        Assert.Equal(1, await ScalarAsync<int>(
            "SELECT COUNT(*) FROM [audit].[AuditEvent] WHERE [Action] = 'tenancy.organization_erased' AND [OrganizationId] = @Id;", ct, Int("@Id", person.OrganizationId)));
    }

    // ---- audit chain --------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_row_rewritten_with_the_append_only_trigger_disabled_breaks_the_chain_at_its_position()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        var eventId = await AppendAsync(connection, transaction, ct);
        var position = await ScalarAsync<long>(connection, transaction,
            "SELECT [ChainPosition] FROM [audit].[AuditChain] WHERE [AuditEventId] = @Id;", ct, Long("@Id", eventId));

        await ExecuteAsync(connection, transaction,
            """
            DISABLE TRIGGER [audit].[TR_AuditEvent_AppendOnly] ON [audit].[AuditEvent];
            UPDATE [audit].[AuditEvent] SET [Action] = 'test.rewritten' WHERE [AuditEventId] = @Id;
            ENABLE TRIGGER [audit].[TR_AuditEvent_AppendOnly] ON [audit].[AuditEvent];
            """, ct, Long("@Id", eventId));
        var tampered = await VerifyAsync(connection, transaction, ct);
        await transaction.RollbackAsync(ct);

        Assert.Equal(position, tampered.FirstBrokenPosition);
        Assert.False(tampered.IsIntact);
        Assert.True((await VerifyAsync(null, null, ct)).IsIntact);
    }

    [Fact]
    public async Task Chain_links_cannot_be_updated_or_deleted()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var eventId = await AppendAsync(null, null, ct);

        var update = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync(null, null,
            "UPDATE [audit].[AuditChain] SET [ChainedAt] = SYSUTCDATETIME() WHERE [AuditEventId] = @Id;", ct, Long("@Id", eventId)));
        var delete = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync(null, null,
            "DELETE FROM [audit].[AuditChain] WHERE [AuditEventId] = @Id;", ct, Long("@Id", eventId)));

        Assert.Equal(50403, update.Number);
        Assert.Equal(50403, delete.Number);
    }

    [Fact]
    public async Task Concurrent_and_rolled_back_inserters_leave_an_unbroken_chain()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var before = await VerifyAsync(null, null, ct);

        async Task InsertManyAsync(bool rollBackEveryThird)
        {
            await using var connection = await OpenAsync(ct);
            for (var i = 0; i < 40; i++)
            {
                await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
                await AppendAsync(connection, transaction, ct, rows: 1 + i % 3);
                if (rollBackEveryThird && i % 3 == 0)
                {
                    await transaction.RollbackAsync(ct);
                }
                else
                {
                    await transaction.CommitAsync(ct);
                }
            }
        }

        await Task.WhenAll(InsertManyAsync(false), InsertManyAsync(true));
        var after = await VerifyAsync(null, null, ct);

        Assert.True(after.IsIntact, $"first broken position {after.FirstBrokenPosition}, unchained {after.UnchainedEvents}");
        // Transaction i inserts 1 + i % 3 rows; the second writer rolls back every transaction with i % 3 = 0.
        var committed = Enumerable.Range(0, 40).Sum(i => 1 + i % 3) + Enumerable.Range(0, 40).Where(i => i % 3 != 0).Sum(i => 1 + i % 3);
        Assert.Equal(before.ChainLinks + committed, after.ChainLinks);
        Assert.Equal(after.ChainLinks, after.HeadPosition);
    }

    [Fact]
    public async Task An_inserter_that_cannot_get_the_chain_lock_in_time_is_refused_with_50402()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var holder = await OpenAsync(ct);
        await using var holding = (SqlTransaction)await holder.BeginTransactionAsync(ct);
        await AppendAsync(holder, holding, ct);

        await using var waiter = await OpenAsync(ct);
        await ExecuteAsync(waiter, null, "SET LOCK_TIMEOUT 500;", ct);
        var refused = await Assert.ThrowsAsync<SqlException>(() => AppendAsync(waiter, null, ct));
        await holding.CommitAsync(ct);

        Assert.Equal(50402, refused.Number);
        Assert.True((await VerifyAsync(null, null, ct)).IsIntact);
    }

    [Fact]
    public async Task Scope_identity_still_returns_the_event_id_and_output_without_into_is_now_refused()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;

        var ids = await ScalarAsync<string>(
            """
            INSERT INTO [audit].[AuditEvent] ([ActorType], [Action]) VALUES ('system', 'test.identity');
            SELECT CONCAT(SCOPE_IDENTITY(), '/', @@IDENTITY, '/', (SELECT MAX([AuditEventId]) FROM [audit].[AuditChain]));
            """, ct);
        var parts = ids!.Split('/');
        var output = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync(null, null,
            "INSERT INTO [audit].[AuditEvent] ([ActorType], [Action]) OUTPUT [inserted].[AuditEventId] VALUES ('system', 'test.output');", ct));

        Assert.Equal(parts[0], parts[1]);
        Assert.Equal(parts[0], parts[2]);
        // 334: "The target table ... of the DML statement cannot have any enabled triggers if the statement contains an
        // OUTPUT clause without INTO clause."
        Assert.Equal(334, output.Number);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private async Task<Person> PersonAsync(CancellationToken ct)
    {
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var email = $"erase.me.{tag}@example.test";
        var displayName = $"Erase Me {tag}";
        await using var connection = await OpenAsync(ct);
        await using var command = new SqlCommand(
            """
            SET XACT_ABORT ON;
            DECLARE @OrganizationId INT, @OwnerId INT, @UserId INT, @ApiKeyId INT, @BudgetId INT;
            INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES ('erase-' + @Tag, N'Erase Org ' + @Tag);
            SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (N'owner.' + @Tag + N'@example.test', N'Owner');
            SET @OwnerId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, @DisplayName);
            SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [identity].[UserCredential] ([UserId], [PasswordHash]) VALUES (@UserId, @PasswordHash);
            INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role], [InvitedByUserId])
            VALUES (@OrganizationId, @OwnerId, 'owner', NULL), (@OrganizationId, @UserId, 'member', @OwnerId);
            -- Created a day ago: the ingest refuses an event before its key existed.
            DECLARE @Now DATETIME2(3) = CAST(SYSUTCDATETIME() AS DATETIME2(3));
            DECLARE @KeyCreatedAt DATETIME2(3) = DATEADD(DAY, -1, @Now);
            INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [CreatedAt], [UpdatedAt])
            VALUES (@OrganizationId, @UserId, N'Key ' + @Tag, 'sk_' + @Tag, CAST(CRYPT_GEN_RANDOM(32) AS VARBINARY(32)), @KeyCreatedAt, @KeyCreatedAt);
            SET @ApiKeyId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [UserId], [Period], [LimitAmount])
            VALUES (@OrganizationId, 'user', @UserId, 'monthly', 100);
            SET @BudgetId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [billing].[BudgetPeriodUsage] ([BudgetId], [PeriodStart], [SpentAmount], [SpentTokens])
            VALUES (@BudgetId, DATEFROMPARTS(YEAR(SYSUTCDATETIME()), MONTH(SYSUTCDATETIME()), 1), 12.5, 4000);
            -- A model and price of its own (the test database has no seed), and usage through the real ingest, which
            -- sets HourBucket, Shard, cost and price as usage.UsageEvent's checks expect.
            DECLARE @ProviderId INT, @ModelId INT;
            INSERT INTO [catalog].[Provider] ([Code], [DisplayName]) VALUES ('p' + @Tag, N'Test provider ' + @Tag);
            SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [catalog].[Model] ([ProviderId], [Name], [DisplayName], [ContextWindowTokens], [MaxOutputTokens], [Status])
            VALUES (@ProviderId, 'm' + @Tag, N'Test model ' + @Tag, 128000, 4096, 'active');
            SET @ModelId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [catalog].[ModelPrice] ([ModelId], [Currency], [InputPricePerMillionTokens], [OutputPricePerMillionTokens], [EffectiveFrom])
            VALUES (@ModelId, 'USD', 1.0, 2.0, '2020-01-01T00:00:00');
            DECLARE @Events [usage].[UsageEventList];
            INSERT INTO @Events ([RowNumber], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt], [PromptTokens], [CompletionTokens],
                                 [CachedTokens], [LatencyMs], [TimeToFirstTokenMs], [StatusCode], [ErrorClass], [Tags])
            VALUES (1, 'req-' + @Tag + '-1', @ApiKeyId, @UserId, @ModelId, DATEADD(MINUTE, -1, @Now), 1000, 500, 0, 250, 100, 200, NULL,
                    N'{"who":"' + @Email + N'","name":"' + @DisplayName + N'"}'),
                   (2, 'req-' + @Tag + '-2', @ApiKeyId, NULL, @ModelId, DATEADD(MINUTE, -1, @Now), 10, 5, 0, 25, NULL, 200, NULL,
                    N'{"org":"Erase Org ' + @Tag + N'"}');
            -- Its (empty) result set comes first; the caller reads the ids from the last one.
            EXECUTE [usage].[RecordUsageEventsAt] @OrganizationId = @OrganizationId, @Events = @Events, @Now = @Now,
                @RejectInvalid = 0, @ReportInserted = 0;
            INSERT INTO [usage].[UsageEventStaging] ([BatchId], [OrganizationId], [RequestId], [ApiKeyId], [UserId], [ModelId], [OccurredAt],
                [PromptTokens], [CompletionTokens], [CachedTokens], [LatencyMs], [StatusCode], [Tags])
            VALUES (NEWID(), @OrganizationId, 'req-' + @Tag + '-3', @ApiKeyId, @UserId, @ModelId, @Now, 1, 1, 0, 1, 200,
                    N'{"who":"' + @Email + N'"}');
            SELECT @UserId, @OrganizationId, @OwnerId, @ApiKeyId, @BudgetId;
            """, connection);
        command.Parameters.Add(new SqlParameter("@Tag", SqlDbType.VarChar, 12) { Value = tag });
        command.Parameters.Add(new SqlParameter("@Email", SqlDbType.NVarChar, 320) { Value = email });
        command.Parameters.Add(new SqlParameter("@DisplayName", SqlDbType.NVarChar, 200) { Value = displayName });
        command.Parameters.Add(new SqlParameter("@PasswordHash", SqlDbType.VarChar, 255) { Value = PasswordHash });
        await using var reader = await command.ExecuteReaderAsync(ct);
        // Skip the ingest's result set: the ids are the row of the five-column result set at the end.
        while (reader.FieldCount != 5)
        {
            Assert.True(await reader.NextResultAsync(ct), "the builder returned no ids");
        }

        Assert.True(await reader.ReadAsync(ct));
        return new Person(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), email, displayName);
    }

    /// <summary>"schema.table.column" of every character column of every user table that contains <paramref name="value"/>.</summary>
    private async Task<List<string>> ColumnsContainingAsync(string value, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new SqlCommand(
            """
            DECLARE @Sql NVARCHAR(MAX);
            SELECT @Sql = STRING_AGG(CAST(
                       N'SELECT N' + QUOTENAME([s].[name] + N'.' + [t].[name] + N'.' + [c].[name], N'''') + N' AS [ColumnName] WHERE EXISTS (SELECT 1 FROM '
                       + QUOTENAME([s].[name]) + N'.' + QUOTENAME([t].[name]) + N' WHERE CHARINDEX(@Value, CAST(' + QUOTENAME([c].[name]) + N' AS NVARCHAR(MAX))) > 0)'
                   AS NVARCHAR(MAX)), N' UNION ALL ')
            FROM [sys].[columns] AS [c]
            INNER JOIN [sys].[tables] AS [t] ON [t].[object_id] = [c].[object_id]
            INNER JOIN [sys].[schemas] AS [s] ON [s].[schema_id] = [t].[schema_id]
            INNER JOIN [sys].[types] AS [ty] ON [ty].[user_type_id] = [c].[user_type_id]
            WHERE [t].[is_ms_shipped] = 0
              AND [ty].[name] IN (N'char', N'varchar', N'nchar', N'nvarchar', N'text', N'ntext', N'xml', N'sysname');
            EXECUTE [sys].[sp_executesql] @Sql, N'@Value NVARCHAR(400)', @Value = @Value;
            """, connection) { CommandTimeout = 300 };
        command.Parameters.Add(new SqlParameter("@Value", SqlDbType.NVarChar, 400) { Value = value });
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>Usage rows, their cost, the hourly view's totals and the budget spend of one organization.</summary>
    private async Task<string> TotalsAsync(int organizationId, CancellationToken ct) =>
        (await ScalarAsync<string>(
            """
            SELECT CONCAT(
                (SELECT COUNT_BIG(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @Id), '/',
                (SELECT SUM([CostAmount]) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @Id), '/',
                (SELECT SUM([RequestCount]) FROM [usage].[UsageHourly] WITH (NOEXPAND) WHERE [OrganizationId] = @Id), '/',
                (SELECT SUM([CostAmount]) FROM [usage].[UsageHourly] WITH (NOEXPAND) WHERE [OrganizationId] = @Id), '/',
                (SELECT SUM([u].[SpentAmount]) FROM [billing].[BudgetPeriodUsage] AS [u]
                 INNER JOIN [billing].[Budget] AS [b] ON [b].[BudgetId] = [u].[BudgetId] WHERE [b].[OrganizationId] = @Id), '/',
                (SELECT SUM([u].[SpentTokens]) FROM [billing].[BudgetPeriodUsage] AS [u]
                 INNER JOIN [billing].[Budget] AS [b] ON [b].[BudgetId] = [u].[BudgetId] WHERE [b].[OrganizationId] = @Id));
            """, ct, Int("@Id", organizationId)))!;

    private async Task<string> EraseUserAsync(int userId, int? actorUserId, CancellationToken ct, SqlConnection? connection = null, SqlTransaction? transaction = null)
    {
        var own = connection is null ? await OpenAsync(ct) : null;
        try
        {
            await using var command = new SqlCommand("[identity].[EraseUser]", connection ?? own, transaction) { CommandType = CommandType.StoredProcedure };
            command.Parameters.Add(Int("@UserId", userId));
            command.Parameters.Add(new SqlParameter("@ActorUserId", SqlDbType.Int) { Value = (object?)actorUserId ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            return reader.GetString(reader.GetOrdinal("Status"));
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private async Task<string> EraseOrganizationAsync(int organizationId, int? actorUserId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new SqlCommand("[tenancy].[EraseOrganization]", connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(Int("@OrganizationId", organizationId));
        command.Parameters.Add(new SqlParameter("@ActorUserId", SqlDbType.Int) { Value = (object?)actorUserId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        return reader.GetString(reader.GetOrdinal("Status"));
    }

    /// <summary>Inserts <paramref name="rows"/> audit events in one statement and returns the highest new id.</summary>
    private async Task<long> AppendAsync(SqlConnection? connection, SqlTransaction? transaction, CancellationToken ct, int rows = 1) =>
        await ScalarAsync<long>(connection, transaction,
            """
            DECLARE @Ids TABLE ([AuditEventId] BIGINT NOT NULL);
            INSERT INTO [audit].[AuditEvent] ([ActorType], [Action], [TargetType], [TargetId])
            OUTPUT [inserted].[AuditEventId] INTO @Ids ([AuditEventId])
            SELECT TOP (@Rows) 'system', 'test.append', 'test', CONVERT(VARCHAR(100), NEWID())
            FROM (VALUES (1), (2), (3)) AS [v] ([n]);
            SELECT MAX([AuditEventId]) FROM @Ids;
            """, ct, Int("@Rows", rows));

    private async Task<Verification> VerifyAsync(SqlConnection? connection, SqlTransaction? transaction, CancellationToken ct)
    {
        var own = connection is null ? await OpenAsync(ct) : null;
        try
        {
            await using var command = new SqlCommand("[audit].[VerifyAuditChain]", connection ?? own, transaction) { CommandType = CommandType.StoredProcedure, CommandTimeout = 300 };
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            long? NullableLong(string name) => reader.IsDBNull(reader.GetOrdinal(name)) ? null : reader.GetInt64(reader.GetOrdinal(name));
            return new Verification(
                reader.GetInt64(reader.GetOrdinal("ChainLinks")),
                NullableLong("FirstBrokenPosition"),
                reader.GetInt64(reader.GetOrdinal("BrokenLinks")),
                reader.GetInt64(reader.GetOrdinal("UnchainedEvents")),
                NullableLong("HeadPosition"),
                reader.IsDBNull(reader.GetOrdinal("AnchorMatches")) ? null : reader.GetBoolean(reader.GetOrdinal("AnchorMatches")),
                reader.GetBoolean(reader.GetOrdinal("IsIntact")));
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        return await ScalarAsync<T>(connection, null, sql, ct, parameters);
    }

    private async Task<T?> ScalarAsync<T>(SqlConnection? connection, SqlTransaction? transaction, string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        var own = connection is null ? await OpenAsync(ct) : null;
        try
        {
            await using var command = new SqlCommand(sql, connection ?? own, transaction);
            command.Parameters.AddRange(parameters);
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? default : (T)value;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private async Task ExecuteAsync(SqlConnection? connection, SqlTransaction? transaction, string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        var own = connection is null ? await OpenAsync(ct) : null;
        try
        {
            await using var command = new SqlCommand(sql, connection ?? own, transaction);
            command.Parameters.AddRange(parameters);
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private static SqlParameter Int(string name, int value) => new(name, SqlDbType.Int) { Value = value };

    private static SqlParameter Long(string name, long value) => new(name, SqlDbType.BigInt) { Value = value };
}
