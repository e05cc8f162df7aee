using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>identity.AuthenticateApiKey against a real server; each test uses a key of a new organization.</summary>
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
    public async Task Authentication_records_when_the_key_was_last_used()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), "[]", ct);
        Assert.Null(await LastUsedAtAsync(rows, key.ApiKeyId, ct));

        await AuthenticateAsync(key.KeyHash, at: null, ct);

        Assert.NotNull(await LastUsedAtAsync(rows, key.ApiKeyId, ct));
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

    private async Task<Identity> AuthenticateAsync(byte[] keyHash, DateTime? at, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand("[identity].[AuthenticateApiKey]", connection) { CommandType = CommandType.StoredProcedure };
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
            "SELECT [LastUsedAt] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @ApiKeyId;",
            cancellationToken,
            new SqlParameter("@ApiKeyId", SqlDbType.Int) { Value = apiKeyId });
}
