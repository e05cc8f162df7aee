using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// The change process end to end through the CLI, each test on a database of its own: apply v1.0.0 with data,
/// apply v1.1.0, write through the new shape, roll back, re-apply; no drift after any step and no data lost.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ChangeCycleTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task Apply_rollback_and_reapply_return_the_schema_to_each_snapshot_and_keep_the_data()
    {
        fixture.SkipIfUnavailable();
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var sql = database.Sql;

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.0.0");
        await ExpectNoDrift(database, "v1.0.0");
        var key = await sql.SampleDataAsync("""["chat:write"]""");

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await ExpectNoDrift(database, "v1.1.0");
        Assert.Equal(["chat:write"], await sql.ScopeRowsAsync(key));
        await sql.ExecuteAsync("EXECUTE [identity].[GrantApiKeyScope] @ApiKeyId = @Id, @Scope = N'usage:read';", key);

        await ExpectSuccess("rollback", "--connection", database.ConnectionString, "--to", "1.0.0");
        await ExpectNoDrift(database, "v1.0.0");
        Assert.Equal("""["chat:write","usage:read"]""", await sql.ScopesJsonAsync(key));
        Assert.False(await sql.TableExistsAsync("identity.ApiKeyScope"));
        await sql.ExecuteAsync("""UPDATE [identity].[ApiKey] SET [Scopes] = JSON_MODIFY([Scopes], 'append $', N'files:read') WHERE [ApiKeyId] = @Id;""", key);

        await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
        await ExpectNoDrift(database, "v1.1.0");
        Assert.Equal(["chat:write", "files:read", "usage:read"], await sql.ScopeRowsAsync(key));
        Assert.Equal(1, await sql.CountAsync("SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [Slug] = @Slug;", database.Slug));

        var history = await CliRunner.RunAsync("history", "--connection", database.ConnectionString);
        var actions = history.Output.Split('\n').Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2))).ToList();
        Assert.Equal(["apply 1.1.0", "rollback 1.0.0", "apply 1.1.0", "apply 1.0.0"], actions);
    }

    [Fact]
    public async Task Rollback_with_data_loss_the_manifest_does_not_expect_is_refused_until_allowed()
    {
        fixture.SkipIfUnavailable();
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var snapshots = ManifestsWithoutRollbackExpectations();
        try
        {
            await ExpectSuccess("apply", "--connection", database.ConnectionString, "--version", "1.1.0");
            var key = await database.Sql.SampleDataAsync("""["chat:write"]""");

            var refused = await CliRunner.RunAsync("--snapshots", snapshots, "rollback", "--connection", database.ConnectionString, "--to", "1.0.0");

            Assert.Equal(ExitCodes.Refused, refused.ExitCode);
            Assert.Contains("[UNEXPECTED] DataIssue: The table [identity].[ApiKeyScope] is being dropped", refused.Output, StringComparison.Ordinal);
            Assert.True(await database.Sql.TableExistsAsync("identity.ApiKeyScope"));
            Assert.Equal(["chat:write"], await database.Sql.ScopeRowsAsync(key));

            var allowed = await CliRunner.RunAsync("--snapshots", snapshots, "rollback", "--connection", database.ConnectionString, "--to", "1.0.0", "--allow-data-loss");

            Assert.Equal(ExitCodes.Success, allowed.ExitCode);
            Assert.False(await database.Sql.TableExistsAsync("identity.ApiKeyScope"));
        }
        finally
        {
            Directory.Delete(snapshots, recursive: true);
        }
    }

    private static async Task ExpectSuccess(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Success, $"platformdb {args[0]} failed ({result.ExitCode}): {result.Error}\n{result.Output}");
    }

    private static async Task ExpectNoDrift(ScratchDatabase database, string version)
    {
        var drift = await CliRunner.RunAsync("drift", "--connection", database.ConnectionString);
        Assert.True(drift.ExitCode == ExitCodes.Success, $"drift from {version}: {drift.Error}\n{drift.Output}");
        Assert.Contains($"matches {version}", drift.Output, StringComparison.Ordinal);
    }

    /// <summary>A copy of the released snapshots whose v1.1.0 manifest expects no rollback alerts.</summary>
    private static string ManifestsWithoutRollbackExpectations()
    {
        var target = Directory.CreateTempSubdirectory("platformdb-snapshots-").FullName;
        var store = new SnapshotStore(RepoPaths.Snapshots);
        foreach (var version in store.Versions())
        {
            var folder = Path.Combine(target, version.FolderName);
            Directory.CreateDirectory(folder);
            File.Copy(store.DacpacPath(version), Path.Combine(folder, SnapshotStore.DacpacFileName));
            var manifest = store.Open(version);
            (manifest with { Rollback = new TransitionExpectation() }).Write(Path.Combine(folder, SnapshotStore.ManifestFileName));
        }

        return target;
    }

    /// <summary>An empty database name on the live server, dropped when the test ends.</summary>
    private sealed class ScratchDatabase : IAsyncDisposable
    {
        private readonly string serverConnectionString;

        public ScratchDatabase(string serverConnectionString)
        {
            this.serverConnectionString = serverConnectionString;
            Name = "PlatformDb_Cycle_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            ConnectionString = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = Name }.ConnectionString;
            Slug = "cycle-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            Sql = new CycleSql(ConnectionString, Slug);
        }

        public string Name { get; }

        public string ConnectionString { get; }

        public string Slug { get; }

        public CycleSql Sql { get; }

        public async ValueTask DisposeAsync()
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(serverConnectionString);
            await connection.OpenAsync();
            await using var command = new SqlCommand(
                """
                IF DB_ID(@Name) IS NOT NULL
                BEGIN
                    DECLARE @Sql NVARCHAR(MAX) = N'ALTER DATABASE ' + QUOTENAME(@Name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@Name) + N';';
                    EXEC (@Sql);
                END;
                """, connection);
            command.Parameters.Add("@Name", SqlDbType.NVarChar, 128).Value = Name;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The few statements the cycle runs against its database.</summary>
    private sealed class CycleSql(string connectionString, string slug)
    {
        /// <summary>An organization, a user and one API key with the given scopes; returns the key id.</summary>
        public async Task<int> SampleDataAsync(string scopes)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand(
                """
                INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Cycle org');
                DECLARE @OrganizationId INT = CAST(SCOPE_IDENTITY() AS INT);
                INSERT INTO [identity].[User] ([Email], [DisplayName]) VALUES (@Slug + N'@example.test', N'Cycle user');
                DECLARE @UserId INT = CAST(SCOPE_IDENTITY() AS INT);
                INSERT INTO [identity].[ApiKey] ([OrganizationId], [CreatedByUserId], [Name], [KeyPrefix], [KeyHash], [Scopes])
                VALUES (@OrganizationId, @UserId, N'Cycle key', LEFT(REPLACE(@Slug, '-', '_'), 16), @Hash, @Scopes);
                SELECT CAST(SCOPE_IDENTITY() AS INT);
                """, connection);
            command.Parameters.Add("@Slug", SqlDbType.VarChar, 63).Value = slug;
            command.Parameters.Add("@Hash", SqlDbType.VarBinary, 32).Value = SHA256.HashData(RandomNumberGenerator.GetBytes(32));
            command.Parameters.Add("@Scopes", SqlDbType.NVarChar, 1000).Value = scopes;
            return (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        public async Task ExecuteAsync(string sql, int apiKeyId)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand(sql, connection);
            command.Parameters.Add("@Id", SqlDbType.Int).Value = apiKeyId;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        public async Task<string?> ScopesJsonAsync(int apiKeyId)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand("SELECT [Scopes] FROM [identity].[ApiKey] WHERE [ApiKeyId] = @Id;", connection);
            command.Parameters.Add("@Id", SqlDbType.Int).Value = apiKeyId;
            return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        public async Task<List<string>> ScopeRowsAsync(int apiKeyId)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand(
                "SELECT [Scope] FROM [identity].[ApiKeyScope] WHERE [ApiKeyId] = @Id ORDER BY [Scope] COLLATE Latin1_General_100_BIN2;", connection);
            command.Parameters.Add("@Id", SqlDbType.Int).Value = apiKeyId;
            var scopes = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                scopes.Add(reader.GetString(0));
            }

            return scopes;
        }

        public async Task<bool> TableExistsAsync(string twoPartName)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand("SELECT CASE WHEN OBJECT_ID(@Name, N'U') IS NULL THEN 0 ELSE 1 END;", connection);
            command.Parameters.Add("@Name", SqlDbType.NVarChar, 256).Value = twoPartName;
            return (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 1;
        }

        public async Task<int> CountAsync(string sql, string value)
        {
            await using var connection = await OpenAsync();
            await using var command = new SqlCommand(sql, connection);
            command.Parameters.Add("@Slug", SqlDbType.VarChar, 63).Value = value;
            return (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        private async Task<SqlConnection> OpenAsync()
        {
            var connection = new SqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            return connection;
        }
    }
}
