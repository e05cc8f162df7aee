using System.Data;
using System.Text;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Service.ProviderSecrets;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Provider secrets against a real server (docs/security.md "Provider secrets (envelope encryption)"): a secret stored
/// and read back through the procedures as a member of <c>platform_app</c> only (no SELECT on the table), no trace of the
/// plaintext in any column of the database, key rotation, tenant isolation and revocation. Each test works on new
/// organizations and a new provider; the database is dropped after the run.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ProviderCredentialTests(LiveDatabaseFixture fixture) : IDisposable
{
    private readonly LocalKeyEncryptionKey oldKey = LocalKeyEncryptionKey.Generate("local-live/v1");
    private readonly LocalKeyEncryptionKey newKey = LocalKeyEncryptionKey.Generate("local-live/v2");

    private sealed record Tenant(int OrganizationId, int UserId, int ProviderId);

    public void Dispose()
    {
        oldKey.Dispose();
        newKey.Dispose();
    }

    [Fact]
    public async Task A_secret_round_trips_through_the_procedures_as_platform_app_which_cannot_select_the_table()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var secret = NewSecret();
        var protector = new ProviderSecretProtector(oldKey);

        var (read, denied) = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            var protectedSecret = await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", secret, ct);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default", protectedSecret, tenant.UserId, ct);
            var stored = await store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct);
            var plain = await protector.UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, stored.Label, stored.Secret, ct);
            var error = await Assert.ThrowsAsync<SqlException>(() => ScalarAsync(connection,
                "SELECT COUNT_BIG(*) FROM [tenancy].[ProviderCredential];", ct));
            return (plain, error);
        }, ct);

        Assert.Equal(secret, read);
        // 229: "The SELECT permission was denied on the object ..."
        Assert.Equal(229, denied.Number);
        Assert.Contains("ProviderCredential", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plaintext_appears_in_no_character_or_binary_column_of_the_database()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var secret = NewSecret();
        var protector = new ProviderSecretProtector(oldKey);
        await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            var first = await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", secret, ct);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default", first, tenant.UserId, ct);
            // A replacement and a revocation write audit rows and touch the old row too.
            var second = await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", secret, ct);
            var id = await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default", second, tenant.UserId, ct);
            await store.RevokeAsync(tenant.OrganizationId, id, tenant.UserId, ct);
            return 0;
        }, ct);

        var hits = await ColumnsContainingAsync(secret, ct);

        Assert.True(hits.Count == 0, "The plaintext secret was found in: " + string.Join(", ", hits));
        // The search itself works: a value known to be stored is found.
        Assert.NotEmpty(await ColumnsContainingAsync("local-live/v1", ct));
    }

    [Fact]
    public async Task Rewrap_moves_the_data_key_to_the_new_key_and_keeps_the_secret()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var secret = NewSecret();
        var before = new ProviderSecretProtector(oldKey);
        var rotating = new ProviderSecretProtector(newKey, oldKey);

        var (stale, after) = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            var id = await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await before.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", secret, ct), tenant.UserId, ct);
            var stored = await store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct);
            var rewrapped = await rotating.RewrapAsync(stored.Secret.KeyId, stored.Secret.WrappedDataKey, ct);
            await store.RewrapAsync(tenant.OrganizationId, id, stored.Secret.KeyId, rewrapped, ct);
            // A second rotation from the same stale read is refused: the key id changed meanwhile.
            var refused = await Assert.ThrowsAsync<ProviderCredentialRefusedException>(() =>
                store.RewrapAsync(tenant.OrganizationId, id, stored.Secret.KeyId, rewrapped, ct));
            var now = await store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct);
            Assert.Equal(stored.Secret.Ciphertext, now.Secret.Ciphertext);
            return (refused, now);
        }, ct);

        Assert.Equal(50525, stale.Number);
        Assert.Equal("local-live/v2", after.Secret.KeyId);
        // The old KEK is no longer needed.
        Assert.Equal(secret, await new ProviderSecretProtector(newKey).UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, after.Label, after.Secret, ct));
        Assert.Equal(0L, await DboScalarAsync(
            "SELECT COUNT_BIG(*) FROM [tenancy].[ProviderCredential] WHERE [OrganizationId] = @OrganizationId AND [KeyId] = 'local-live/v1';",
            tenant.OrganizationId, ct));
    }

    [Fact]
    public async Task Two_labels_rows_swapped_in_the_table_do_not_decrypt_and_a_lookup_decrypts_with_the_stored_label()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var protector = new ProviderSecretProtector(oldKey);
        var secret = NewSecret();

        var padded = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", secret, ct), tenant.UserId, ct);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "batch",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "batch", NewSecret(), ct), tenant.UserId, ct);
            // Trailing spaces are ignored by every collation's comparison, so this finds "default"; it returns the stored label.
            return await store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default  ", ct);
        }, ct);
        // What a writer of the table (here dbo) could do without any key: swap the two labels' key material.
        var swapped = await DboScalarAsync("""
            UPDATE [c]
            SET [c].[WrappedDataKey] = [o].[WrappedDataKey], [c].[Ciphertext] = [o].[Ciphertext]
            FROM [tenancy].[ProviderCredential] AS [c]
            INNER JOIN [tenancy].[ProviderCredential] AS [o]
                ON [o].[OrganizationId] = [c].[OrganizationId] AND [o].[ProviderId] = [c].[ProviderId] AND [o].[Label] <> [c].[Label]
            WHERE [c].[OrganizationId] = @OrganizationId AND [c].[RevokedAt] IS NULL AND [o].[RevokedAt] IS NULL;
            SELECT CAST(@@ROWCOUNT AS BIGINT);
            """, tenant.OrganizationId, ct);
        var afterSwap = await AsPlatformAppAsync(connection =>
            new ProviderCredentialStore(connection).GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct), ct);

        Assert.Equal("default", padded.Label);
        Assert.Equal(secret, await protector.UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, padded.Label, padded.Secret, ct));
        await Assert.ThrowsAsync<ProviderSecretException>(() =>
            protector.UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, "default  ", padded.Secret, ct));
        var error = await Assert.ThrowsAsync<ProviderSecretException>(() =>
            protector.UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, afterSwap.Label, afterSwap.Secret, ct));
        Assert.Contains("another organization, provider or label", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, swapped);
    }

    [Fact]
    public async Task Another_organization_cannot_read_the_secret_and_is_told_what_a_missing_one_tells()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var other = await TenantAsync(ct);
        var protector = new ProviderSecretProtector(oldKey);

        var (foreign, missing) = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", NewSecret(), ct), tenant.UserId, ct);
            var readByOther = await Assert.ThrowsAsync<ProviderCredentialRefusedException>(() =>
                store.GetAsync(other.OrganizationId, tenant.ProviderId, "default", ct));
            var readMissing = await Assert.ThrowsAsync<ProviderCredentialRefusedException>(() =>
                store.GetAsync(other.OrganizationId, tenant.ProviderId, "no-such-label", ct));
            return (readByOther, readMissing);
        }, ct);

        Assert.Equal(50523, foreign.Number);
        Assert.Equal(missing.Number, foreign.Number);
        Assert.Equal(missing.Message, foreign.Message);
    }

    [Fact]
    public async Task A_revoked_secret_is_no_longer_returned_and_a_second_revoke_changes_nothing()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var protector = new ProviderSecretProtector(oldKey);

        var (refused, listed) = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            var id = await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", NewSecret(), ct), tenant.UserId, ct);
            await store.RevokeAsync(tenant.OrganizationId, id, tenant.UserId, ct);
            await store.RevokeAsync(tenant.OrganizationId, id, tenant.UserId, ct);
            var error = await Assert.ThrowsAsync<ProviderCredentialRefusedException>(() =>
                store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct));
            return (error, await store.ListAsync(tenant.OrganizationId, ct));
        }, ct);

        Assert.Equal(50523, refused.Number);
        var row = Assert.Single(listed);
        Assert.NotNull(row.RevokedAt);
        Assert.Equal(tenant.UserId, row.RevokedByUserId);
        Assert.Equal(1L, await DboScalarAsync(
            "SELECT COUNT_BIG(*) FROM [audit].[AuditEvent] WHERE [OrganizationId] = @OrganizationId AND [Action] = 'tenancy.provider_credential_revoked';",
            tenant.OrganizationId, ct));
    }

    [Fact]
    public async Task Storing_under_a_live_label_revokes_the_old_credential_and_returns_the_new_one()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var protector = new ProviderSecretProtector(oldKey);
        var replacement = NewSecret();

        var (read, listed) = await AsPlatformAppAsync(async connection =>
        {
            var store = new ProviderCredentialStore(connection);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", NewSecret(), ct), tenant.UserId, ct);
            await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
                await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", replacement, ct), tenant.UserId, ct);
            var stored = await store.GetAsync(tenant.OrganizationId, tenant.ProviderId, "default", ct);
            return (await protector.UnprotectAsync(tenant.OrganizationId, tenant.ProviderId, stored.Label, stored.Secret, ct),
                await store.ListAsync(tenant.OrganizationId, ct));
        }, ct);

        Assert.Equal(replacement, read);
        Assert.Equal(2, listed.Count);
        Assert.Single(listed, c => c.RevokedAt is null);
    }

    [Fact]
    public async Task Inside_a_callers_transaction_a_refusal_leaves_it_open_and_a_rollback_removes_the_store()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var tenant = await TenantAsync(ct);
        var protector = new ProviderSecretProtector(oldKey);
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        var store = new ProviderCredentialStore(connection, transaction);

        await store.StoreAsync(tenant.OrganizationId, tenant.ProviderId, "default",
            await protector.ProtectAsync(tenant.OrganizationId, tenant.ProviderId, "default", NewSecret(), ct), tenant.UserId, ct);
        // 50522 (these bytes are not an envelope) is decided before any write and thrown under XACT_ABORT OFF.
        var refused = await Assert.ThrowsAsync<ProviderCredentialRefusedException>(() => store.StoreAsync(tenant.OrganizationId,
            tenant.ProviderId, "other", new ProtectedSecret("local-live/v1", new byte[61], new byte[46]), tenant.UserId, ct));
        await using (var count = new SqlCommand("SELECT @@TRANCOUNT;", connection, transaction))
        {
            Assert.Equal(1, (int)(await count.ExecuteScalarAsync(ct))!);
        }

        await transaction.RollbackAsync(ct);

        Assert.Equal(50522, refused.Number);
        Assert.Equal(0L, await DboScalarAsync(
            "SELECT COUNT_BIG(*) FROM [tenancy].[ProviderCredential] WHERE [OrganizationId] = @OrganizationId;", tenant.OrganizationId, ct));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>A random provider-key-like secret, so no earlier test's value can be found by accident.</summary>
    private static string NewSecret() => "sk-live-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Runs <paramref name="act"/> on a connection impersonating a new user WITHOUT LOGIN that is only a member of
    /// platform_app, so the grants are tested, not the test login's rights. Not pooled: the impersonation must not
    /// outlive the connection.
    /// </summary>
    private async Task<T> AsPlatformAppAsync<T>(Func<SqlConnection, Task<T>> act, CancellationToken ct)
    {
        var user = "provider_secrets_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new SqlConnectionStringBuilder(fixture.ConnectionString) { Pooling = false };
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, $"CREATE USER [{user}] WITHOUT LOGIN; ALTER ROLE [platform_app] ADD MEMBER [{user}];", ct);
        try
        {
            await ExecAsync(connection, $"EXECUTE AS USER = N'{user}';", ct);
            try
            {
                return await act(connection);
            }
            finally
            {
                await ExecAsync(connection, "REVERT;", ct);
            }
        }
        finally
        {
            await ExecAsync(connection, $"ALTER ROLE [platform_app] DROP MEMBER [{user}]; DROP USER [{user}];", ct);
        }
    }

    /// <summary>A new organization with a live owner, and a new provider.</summary>
    private async Task<Tenant> TenantAsync(CancellationToken ct)
    {
        const string Sql = """
            SET XACT_ABORT ON;
            BEGIN TRANSACTION;
            DECLARE @OrganizationId INT, @UserId INT, @ProviderId INT;
            INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName])
            VALUES ('t-' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Secrets organization');
            SET @OrganizationId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [identity].[User] ([Email], [DisplayName])
            VALUES (CONVERT(NVARCHAR(36), NEWID()) + N'@example.test', N'Secrets owner');
            SET @UserId = CAST(SCOPE_IDENTITY() AS INT);
            INSERT INTO [tenancy].[Membership] ([OrganizationId], [UserId], [Role]) VALUES (@OrganizationId, @UserId, 'owner');
            INSERT INTO [catalog].[Provider] ([Code], [DisplayName])
            VALUES ('p' + LOWER(LEFT(REPLACE(CONVERT(VARCHAR(36), NEWID()), '-', ''), 12)), N'Secrets provider ' + CONVERT(NVARCHAR(36), NEWID()));
            SET @ProviderId = CAST(SCOPE_IDENTITY() AS INT);
            COMMIT TRANSACTION;
            SELECT @OrganizationId, @UserId, @ProviderId;
            """;
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        return new Tenant(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>
    /// Every character and binary column of every user table (sys.columns) whose value contains <paramref name="needle"/>:
    /// text columns (char, varchar, nchar, nvarchar of any length including MAX, text, ntext, xml, sql_variant) as
    /// NVARCHAR(MAX), binary columns (binary, varbinary of any length including MAX, image) as upper-case hex (CONVERT
    /// style 2 of VARBINARY(MAX)) against the UTF-8 and the UTF-16LE bytes of the needle. sys.types is joined on the
    /// base type, so alias types (sysname and user-defined ones) are searched as their base type; rowversion is not a
    /// place a secret can be written. Read as the test login, which sees every row (no session organization).
    /// </summary>
    private async Task<List<string>> ColumnsContainingAsync(string needle, CancellationToken ct)
    {
        const string ColumnsSql = """
            SELECT s.name, t.name, c.name, ty.name
            FROM sys.columns AS c
            INNER JOIN sys.tables AS t ON t.object_id = c.object_id
            INNER JOIN sys.schemas AS s ON s.schema_id = t.schema_id
            INNER JOIN sys.types AS ty ON ty.user_type_id = c.system_type_id
            WHERE t.is_ms_shipped = 0
              AND ty.name IN ('char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext', 'xml', 'sql_variant',
                              'binary', 'varbinary', 'image')
            ORDER BY s.name, t.name, c.column_id;
            """;
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var list = new SqlCommand(ColumnsSql, connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        Assert.Contains(columns, c => c is { Schema: "tenancy", Table: "ProviderCredential", Column: "Ciphertext" });
        var utf8Hex = Convert.ToHexString(Encoding.UTF8.GetBytes(needle));
        var utf16Hex = Convert.ToHexString(Encoding.Unicode.GetBytes(needle));
        var hits = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var name = $"{Quote(schema)}.{Quote(table)}";
            // image converts to VARBINARY(MAX) first; text, ntext, xml and sql_variant convert to NVARCHAR(MAX) directly.
            var hex = $"CONVERT(VARCHAR(MAX), CONVERT(VARBINARY(MAX), {Quote(column)}), 2)";
            var sql = type is "binary" or "varbinary" or "image"
                ? $"SELECT COUNT_BIG(*) FROM {name} WHERE CHARINDEX(@Utf8Hex, {hex}) > 0 OR CHARINDEX(@Utf16Hex, {hex}) > 0;"
                : $"SELECT COUNT_BIG(*) FROM {name} WHERE CHARINDEX(@Needle, CONVERT(NVARCHAR(MAX), {Quote(column)})) > 0;";
            await using var command = new SqlCommand(sql, connection);
            command.Parameters.Add("@Needle", SqlDbType.NVarChar, -1).Value = needle;
            command.Parameters.Add("@Utf8Hex", SqlDbType.VarChar, -1).Value = utf8Hex;
            command.Parameters.Add("@Utf16Hex", SqlDbType.VarChar, -1).Value = utf16Hex;
            if ((long)(await command.ExecuteScalarAsync(ct))! > 0)
            {
                hits.Add($"{schema}.{table}.{column}");
            }
        }

        return hits;
    }

    private async Task<long> DboScalarAsync(string sql, int organizationId, CancellationToken ct)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<object?> ScalarAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A bracket-quoted identifier, as QUOTENAME does: ']' doubled.</summary>
    private static string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";
}
