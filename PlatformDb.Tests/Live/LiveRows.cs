using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Inserts the few committed rows the procedure tests need. Every value is unique per call (new slugs, emails, key
/// hashes), so tests share the database without seeing each other; the database is dropped after the run.
/// </summary>
public sealed class LiveRows(string connectionString)
{
    public sealed record ApiKeyRow(int ApiKeyId, int OrganizationId, int CreatedByUserId, string KeyPrefix, byte[] KeyHash, string Scopes);

    public async Task<int> OrganizationAsync(CancellationToken cancellationToken) =>
        await InsertAsync(
            "INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Live test org'); SELECT CAST(SCOPE_IDENTITY() AS INT);",
            cancellationToken,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = "t-" + Unique(12).ToLowerInvariant() });

    public async Task<int> UserAsync(CancellationToken cancellationToken) =>
        await InsertAsync(
            "INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Email, N'Live test user'); SELECT CAST(SCOPE_IDENTITY() AS INT);",
            cancellationToken,
            new SqlParameter("@Email", SqlDbType.NVarChar, 320) { Value = Unique(16).ToLowerInvariant() + "@example.test" });

    /// <summary>An organization-wide lifetime budget, so every consumption lands in one period row whatever the date.</summary>
    public async Task<int> BudgetAsync(
        int organizationId, decimal? limitAmount, long? limitTokens, decimal? alertThreshold, bool hardStop, CancellationToken cancellationToken) =>
        await InsertAsync(
            """
            INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [LimitTokens], [AlertThreshold], [HardStop])
            VALUES (@OrganizationId, 'organization', 'lifetime', @LimitAmount, @LimitTokens, @AlertThreshold, @HardStop);
            SELECT CAST(SCOPE_IDENTITY() AS INT);
            """,
            cancellationToken,
            new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId },
            new SqlParameter("@LimitAmount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Value = (object?)limitAmount ?? DBNull.Value },
            new SqlParameter("@LimitTokens", SqlDbType.BigInt) { Value = (object?)limitTokens ?? DBNull.Value },
            new SqlParameter("@AlertThreshold", SqlDbType.Decimal) { Precision = 5, Scale = 4, Value = (object?)alertThreshold ?? DBNull.Value },
            new SqlParameter("@HardStop", SqlDbType.Bit) { Value = hardStop });

    public async Task<ApiKeyRow> ApiKeyAsync(int organizationId, int createdByUserId, string scopes, CancellationToken cancellationToken)
    {
        var prefix = "pk_" + Unique(10);
        var hash = SHA256.HashData(RandomNumberGenerator.GetBytes(32));
        var id = await InsertAsync(
            """
            INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
            VALUES (@OrganizationId, @CreatedByUserId, @Name, @KeyPrefix, @KeyHash, @Scopes);
            SELECT CAST(SCOPE_IDENTITY() AS INT);
            """,
            cancellationToken,
            new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId },
            new SqlParameter("@CreatedByUserId", SqlDbType.Int) { Value = createdByUserId },
            new SqlParameter("@Name", SqlDbType.NVarChar, 100) { Value = "live test key " + prefix },
            new SqlParameter("@KeyPrefix", SqlDbType.VarChar, 16) { Value = prefix },
            new SqlParameter("@KeyHash", SqlDbType.VarBinary, 32) { Value = hash },
            new SqlParameter("@Scopes", SqlDbType.NVarChar, 1000) { Value = scopes });
        return new ApiKeyRow(id, organizationId, createdByUserId, prefix, hash, scopes);
    }

    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params SqlParameter[] parameters)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Runs a statement with an @Id parameter, e.g. a procedure call for one API key.</summary>
    public async Task ExecuteAsync(string sql, int id, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand(sql, connection);
        command.Parameters.Add("@Id", SqlDbType.Int).Value = id;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The JSON scopes column of a key (the source of truth in v1.1.0's dual-write window).</summary>
    public async Task<string?> ScopesJsonAsync(int apiKeyId, CancellationToken cancellationToken) =>
        await ScalarAsync<string>("SELECT [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", cancellationToken,
            new SqlParameter("@Id", SqlDbType.Int) { Value = apiKeyId });

    /// <summary>The rows of identity.ApiKeyScope for a key, in binary order.</summary>
    public async Task<List<string>> ScopeRowsAsync(int apiKeyId, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand(
            "SELECT [Scope] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @Id ORDER BY [Scope] COLLATE Latin1_General_100_BIN2;", connection);
        command.Parameters.Add("@Id", SqlDbType.Int).Value = apiKeyId;
        var scopes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scopes.Add(reader.GetString(0));
        }

        return scopes;
    }

    public async Task<bool> TableExistsAsync(string twoPartName, CancellationToken cancellationToken) =>
        await ScalarAsync<int>("SELECT CASE WHEN OBJECT_ID(@Name, N'U') IS NULL THEN 0 ELSE 1 END;", cancellationToken,
            new SqlParameter("@Name", SqlDbType.NVarChar, 256) { Value = twoPartName }) == 1;

    private async Task<int> InsertAsync(string sql, CancellationToken cancellationToken, params SqlParameter[] parameters) =>
        await ScalarAsync<int>(sql, cancellationToken, parameters);

    /// <summary>Upper-case hex: valid in slugs (after lower-casing), emails and key prefixes alike.</summary>
    private static string Unique(int length) => Convert.ToHexString(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];
}
