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

        await ExecuteAsync("identity.GrantApiKeyScope", key.OrganizationId, key.ApiKeyId, "usage:read", ct);
        await ExecuteAsync("identity.GrantApiKeyScope", key.OrganizationId, key.ApiKeyId, "usage:read", ct);

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

        await ExecuteAsync("identity.RevokeApiKeyScope", key.OrganizationId, key.ApiKeyId, "a:write", ct);

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

    [Fact]
    public async Task Granting_keeps_every_existing_element_as_written_slashes_and_backslashes_included()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var user = await rows.UserAsync(ct);
        var organizationId = await rows.OrganizationAsync(ct);
        var slash = await rows.ApiKeyAsync(organizationId, user, """["a/b"]""", ct);
        var backslashSlash = await rows.ApiKeyAsync(organizationId, user, """["a\\/b","c\\d"]""", ct);

        await ExecuteAsync("identity.GrantApiKeyScope", organizationId, slash.ApiKeyId, "usage:read", ct);
        await ExecuteAsync("identity.GrantApiKeyScope", organizationId, backslashSlash.ApiKeyId, "x/y\\z", ct);

        Assert.Equal("""["a/b","usage:read"]""", await ScopesJsonAsync(slash.ApiKeyId, ct));
        Assert.Equal(["a/b", "usage:read"], await ScopeRowsAsync(slash.ApiKeyId, ct));
        Assert.Equal("""["a\\/b","c\\d","x/y\\z"]""", await ScopesJsonAsync(backslashSlash.ApiKeyId, ct));
        Assert.Equal(["a\\/b", "c\\d", "x/y\\z"], await ScopeRowsAsync(backslashSlash.ApiKeyId, ct));
    }

    [Fact]
    public async Task A_key_of_another_organization_is_refused_with_50104_by_grant_and_revoke_and_left_unchanged()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), """["chat:write"]""", ct);
        var other = await rows.OrganizationAsync(ct);

        var grant = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync("identity.GrantApiKeyScope", other, key.ApiKeyId, "usage:read", ct));
        var revoke = await Assert.ThrowsAsync<SqlException>(() => ExecuteAsync("identity.RevokeApiKeyScope", other, key.ApiKeyId, "chat:write", ct));

        Assert.Equal(50104, grant.Number);
        Assert.Equal(50104, revoke.Number);
        Assert.Equal($"API key {key.ApiKeyId} does not exist, is deleted or belongs to another organization.", grant.Message);
        Assert.Equal("""["chat:write"]""", await ScopesJsonAsync(key.ApiKeyId, ct));
        Assert.Equal(["chat:write"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    [Fact]
    public async Task A_grant_that_would_outgrow_the_json_column_is_refused_with_50106_inside_the_callers_open_transaction()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var scopes = $"[\"{new string('a', 398)}\",\"{new string('b', 398)}\"]";
        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), scopes, ct);

        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        var refused = await Assert.ThrowsAsync<SqlException>(
            () => ExecuteAsync(connection, transaction, "identity.GrantApiKeyScope", key.OrganizationId, key.ApiKeyId, new string('c', 300), ct));
        await using var count = new SqlCommand("SELECT @@TRANCOUNT;", connection, transaction);
        var tranCount = (int)(await count.ExecuteScalarAsync(ct))!;
        await transaction.RollbackAsync(ct);

        Assert.Equal(50106, refused.Number);
        Assert.Equal(1, tranCount);
        Assert.Equal(scopes, await ScopesJsonAsync(key.ApiKeyId, ct));
    }

    [Fact]
    public async Task The_trigger_skips_elements_that_cannot_be_scope_rows_instead_of_failing_the_write()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var scopes = $"[\"chat:write\",\"   \",\"\",\"{new string('x', 401)}\",7,null,true,{{\"a\":1}},[\"b\"],\"Chat:Write\",\"usage:read\",\"usage:read  \"]";

        var key = await rows.ApiKeyAsync(await rows.OrganizationAsync(ct), await rows.UserAsync(ct), scopes, ct);

        Assert.Equal(scopes, await ScopesJsonAsync(key.ApiKeyId, ct));
        Assert.Equal(["chat:write", "usage:read"], await ScopeRowsAsync(key.ApiKeyId, ct));
    }

    private async Task ExecuteAsync(string procedure, int organizationId, int apiKeyId, string scope, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, procedure, organizationId, apiKeyId, scope, cancellationToken);
    }

    private static async Task ExecuteAsync(
        SqlConnection connection, SqlTransaction? transaction, string procedure, int organizationId, int apiKeyId, string scope, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(procedure, connection, transaction) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
        command.Parameters.Add("@ApiKeyId", SqlDbType.Int).Value = apiKeyId;
        command.Parameters.Add("@Scope", SqlDbType.NVarChar, 4000).Value = scope;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<string?> ScopesJsonAsync(int apiKeyId, CancellationToken cancellationToken) =>
        new LiveRows(fixture.ConnectionString).ScopesJsonAsync(apiKeyId, cancellationToken);

    private Task<List<string>> ScopeRowsAsync(int apiKeyId, CancellationToken cancellationToken) =>
        new LiveRows(fixture.ConnectionString).ScopeRowsAsync(apiKeyId, cancellationToken);
}
