using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// identity.AuthenticateApiKey against a real server; each test uses a key of a new organization. The public procedure
/// uses the server's clock; tests that need another time call the internal identity.AuthenticateApiKeyAt.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class AuthenticateApiKeyTests(LiveDatabaseFixture fixture)
{
    private sealed record Identity(int ApiKeyId, int OrganizationId, int CreatedByUserId, string KeyPrefix, string Scopes);

    [Fact]
    public async Task A_valid_key_resolves_to_its_organization_and_scopes()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write","usage:read"]""", ct);

        var identity = await AuthenticateAsync(key.KeyHash, at: null, ct);

        Assert.Equal(new Identity(key.ApiKeyId, key.OrganizationId, key.CreatedByUserId, key.KeyPrefix, key.Scopes), identity);
    }

    [Fact]
    public async Task Authentication_records_the_last_use_apart_from_the_key_row()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), "[]", ct);
        var rowVersionBefore = await RowVersionAsync(rows, key.ApiKeyId, ct);
        Assert.Null(await LastUsedAtAsync(rows, key.ApiKeyId, ct));

        await AuthenticateAsync(key.KeyHash, at: null, ct);

        Assert.NotNull(await LastUsedAtAsync(rows, key.ApiKeyId, ct));
        // Neither the optimistic-concurrency token nor the deprecated column of identity.ApiKey moves.
        Assert.Equal(rowVersionBefore, await RowVersionAsync(rows, key.ApiKeyId, ct));
        Assert.Null(await rows.ScalarAsync<DateTime?>("SELECT [LastUsedAt] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", ct,
            new SqlParameter("@Id", SqlDbType.Int) { Value = key.ApiKeyId }));
    }

    [Fact]
    public async Task Last_used_is_written_at_most_once_a_minute()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), "[]", ct);
        await AuthenticateAsync(key.KeyHash, at: null, ct);
        var firstUse = (await LastUsedAtAsync(rows, key.ApiKeyId, ct))!.Value;

        await AuthenticateAsync(key.KeyHash, firstUse.AddSeconds(30), ct);
        var afterThirtySeconds = await LastUsedAtAsync(rows, key.ApiKeyId, ct);
        await AuthenticateAsync(key.KeyHash, firstUse.AddMinutes(2), ct);
        var afterTwoMinutes = await LastUsedAtAsync(rows, key.ApiKeyId, ct);

        Assert.Equal(firstUse, afterThirtySeconds);
        Assert.Equal(firstUse.AddMinutes(2), afterTwoMinutes);
    }

    [Fact]
    public async Task A_refusal_inside_the_callers_transaction_leaves_it_open()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;

        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = new SqlCommand("[identity].[AuthenticateApiKey]", connection, transaction) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@KeyHash", SqlDbType.VarBinary, 32) { Value = new byte[32] });

        var refused = await Assert.ThrowsAsync<SqlException>(() => command.ExecuteNonQueryAsync(ct));
        await using var count = new SqlCommand("SELECT @@TRANCOUNT;", connection, transaction);
        var tranCount = (int)(await count.ExecuteScalarAsync(ct))!;
        await transaction.RollbackAsync(ct);

        Assert.Equal(50101, refused.Number);
        Assert.Equal(1, tranCount);
    }

    private async Task<Identity> AuthenticateAsync(byte[] keyHash, DateTime? at, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var procedure = at is null ? "[identity].[AuthenticateApiKey]" : "[identity].[AuthenticateApiKeyAt]";
        await using var command = new SqlCommand(procedure, connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@KeyHash", SqlDbType.VarBinary, 32) { Value = keyHash });
        if (at is not null)
        {
            command.Parameters.Add(new SqlParameter("@At", SqlDbType.DateTime2) { Scale = 3, Value = at.Value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Assert.True(await reader.ReadAsync(cancellationToken), "AuthenticateApiKey returned no row.");
        var identity = new Identity(
            reader.GetInt32(reader.GetOrdinal("ApiKeyId")),
            reader.GetInt32(reader.GetOrdinal("OrganizationId")),
            reader.GetInt32(reader.GetOrdinal("CreatedByUserId")),
            reader.GetString(reader.GetOrdinal("KeyPrefix")),
            reader.GetString(reader.GetOrdinal("Scopes")));
        Assert.False(await reader.ReadAsync(cancellationToken), "AuthenticateApiKey returned more than one row.");
        return identity;
    }

    private static async Task<DateTime?> LastUsedAtAsync(LiveRows rows, int apiKeyId, CancellationToken cancellationToken) =>
        await rows.ScalarAsync<DateTime?>(
            "SELECT [LastUsedAt] FROM [identity].[ApiKeyLastUse] WHERE [ApiKeyId] = @ApiKeyId;",
            cancellationToken,
            new SqlParameter("@ApiKeyId", SqlDbType.Int) { Value = apiKeyId });

    private static async Task<byte[]?> RowVersionAsync(LiveRows rows, int apiKeyId, CancellationToken cancellationToken) =>
        await rows.ScalarAsync<byte[]>(
            "SELECT [RowVersion] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;",
            cancellationToken,
            new SqlParameter("@ApiKeyId", SqlDbType.Int) { Value = apiKeyId });
}
