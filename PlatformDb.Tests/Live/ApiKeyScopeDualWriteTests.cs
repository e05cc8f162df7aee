using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// v1.1.0's dual-write window: identity.ApiKey.Scopes (JSON, the source of truth) and identity.ApiKeyScope (rows)
/// always agree, whether scopes are written the v1.0.0 way (UPDATE of the JSON) or through the new procedures.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ApiKeyScopeDualWriteTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task A_new_key_gets_one_row_per_distinct_string_scope()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);

        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write","usage:read","chat:write",7]""", ct);

        Assert.Equal(["chat:write", "usage:read"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    [Fact]
    public async Task Granting_a_scope_writes_the_json_column_and_the_scope_rows()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write"]""", ct);

        await ExecuteAsync("identity.GrantApiKeyScope", key.ApiKeyId, "usage:read", ct);
        await ExecuteAsync("identity.GrantApiKeyScope", key.ApiKeyId, "usage:read", ct);

        Assert.Equal("""["chat:write","usage:read"]""", await ScopesJsonAsync(key.ApiKeyId, ct));
        Assert.Equal(["chat:write", "usage:read"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    [Fact]
    public async Task Revoking_a_scope_removes_it_from_both_shapes_and_keeps_the_rest_in_order()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["b:read","a:write","c\"quoted"]""", ct);

        await ExecuteAsync("identity.RevokeApiKeyScope", key.ApiKeyId, "a:write", ct);

        Assert.Equal("""["b:read","c\"quoted"]""", await ScopesJsonAsync(key.ApiKeyId, ct));
        Assert.Equal(["b:read", "c\"quoted"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    [Fact]
    public async Task A_v1_0_0_style_update_of_the_json_column_is_mirrored_into_the_rows()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write"]""", ct);

        await rows.ScalarAsync<int>("UPDATE [identity].[ApiKey] SET [Scopes] = N'[\"embeddings:write\"]' WHERE [ApiKeyId] = @Id; SELECT 0;", ct,
            new SqlParameter("@Id", SqlDbType.Int) { Value = key.ApiKeyId });

        Assert.Equal(["embeddings:write"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    private async Task ExecuteAsync(string procedure, int apiKeyId, string scope, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand(procedure, connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add("@ApiKeyId", SqlDbType.Int).Value = apiKeyId;
        command.Parameters.Add("@Scope", SqlDbType.NVarChar, 4000).Value = scope;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<string?> ScopesJsonAsync(int apiKeyId, CancellationToken cancellationToken) =>
        new LiveRows(fixture.ConnectionString).ScopesJsonAsync(apiKeyId, cancellationToken);

    private Task<List<string>> ScopeRowsAsync(int apiKeyId, CancellationToken cancellationToken) =>
        new LiveRows(fixture.ConnectionString).ScopeRowsAsync(apiKeyId, cancellationToken);
}
