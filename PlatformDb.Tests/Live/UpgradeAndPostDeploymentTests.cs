using System.Data;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// v1.2.0's post-deployment scripts against a real server: an upgrade through the CLI from v1.0.0 with rows only v1.0.0
/// accepted, the scope backfill's report, MarkSchemaApplied on the deployment record, and the dev seed's environment gate.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed partial class UpgradeAndPostDeploymentTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task Upgrading_v1_0_0_rows_that_v1_1_0_could_not_project_succeeds_and_keeps_only_valid_scope_rows()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var database = new ScratchDatabase(fixture.ServerConnectionString);
        var rows = new LiveRows(database.ConnectionString);
        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "1.0.0");
        var organizationId = await rows.OrganizationAsync(ct);
        var userId = await rows.UserAsync(ct);
        // Shapes CK_ApiKey_ScopesIsJsonArray accepted in v1.0.0 and v1.1.0's backfill failed on (547 / 2628 / 2627).
        var blankAndCase = await rows.ApiKeyAsync(organizationId, userId, """["chat:write","   ","","Chat:Write"]""", ct);
        var tooLong = await rows.ApiKeyAsync(organizationId, userId, $"[\"{new string('y', 401)}\",\"usage:read\",7,null,true,{{\"a\":1}}]", ct);
        var slash = await rows.ApiKeyAsync(organizationId, userId, """["a/b","usage:read  ","usage:read"]""", ct);
        var lastUsed = new DateTime(2026, 11, 30, 8, 0, 0);
        await rows.ScalarAsync<int>("UPDATE [identity].[ApiKey] SET [LastUsedAt] = @At WHERE [ApiKeyId] = @Id; SELECT 0;", ct,
            new SqlParameter("@At", SqlDbType.DateTime2) { Scale = 3, Value = lastUsed },
            new SqlParameter("@Id", SqlDbType.Int) { Value = blankAndCase.ApiKeyId });

        await LiveCli.ExpectSuccessAsync("apply", "--connection", database.ConnectionString, "--version", "current", "--dacpac", RepoPaths.BuiltDacpac);

        Assert.Equal(["chat:write"], await rows.ScopeRowsAsync(blankAndCase.ApiKeyId, ct));
        Assert.Equal(["usage:read"], await rows.ScopeRowsAsync(tooLong.ApiKeyId, ct));
        Assert.Equal(["a/b", "usage:read  "], await rows.ScopeRowsAsync(slash.ApiKeyId, ct));
        Assert.Equal(blankAndCase.Scopes, await rows.ScopesJsonAsync(blankAndCase.ApiKeyId, ct));
        Assert.Equal(tooLong.Scopes, await rows.ScopesJsonAsync(tooLong.ApiKeyId, ct));
        Assert.Equal(lastUsed, await rows.ScalarAsync<DateTime>("SELECT [LastUsedAt] FROM [identity].[ApiKeyLastUse] WHERE [ApiKeyId] = @Id;", ct,
            new SqlParameter("@Id", SqlDbType.Int) { Value = blankAndCase.ApiKeyId }));
        Assert.Equal(0, await rows.ScalarAsync<int>(
            "SELECT COUNT(*) FROM [ops].[DeploymentHistory] WHERE [Status] <> 'completed' AND [Status] <> 'schema-applied';", ct));

        // Re-running the backfill changes nothing and reports what it skipped, with the key ids and the reasons.
        var report = await RunScriptAsync(database.ConnectionString, Path.Combine("Migrations", "ApiKeyScopeBackfill.sql"), ct);
        Assert.Equal(["chat:write"], await rows.ScopeRowsAsync(blankAndCase.ApiKeyId, ct));
        Assert.Contains($"blank: ApiKeyId {blankAndCase.ApiKeyId}", report, StringComparison.Ordinal);
        Assert.Contains($"longer than 400 characters: ApiKeyId {tooLong.ApiKeyId}", report, StringComparison.Ordinal);
        Assert.Matches(DuplicateLine(), report);
    }

    [Fact]
    public async Task Mark_schema_applied_moves_only_a_started_newest_row_and_is_idempotent()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);

        await ExecuteAsync(connection, transaction, "DELETE FROM [ops].[DeploymentHistory];", ct);
        await RunScriptAsync(connection, transaction, Path.Combine("Ops", "MarkSchemaApplied.sql"), ct);
        var afterEmpty = await ScalarAsync<int>(connection, transaction, "SELECT COUNT(*) FROM [ops].[DeploymentHistory];", ct);

        var completed = await InsertDeploymentAsync(connection, transaction, "completed", ct);
        var started = await InsertDeploymentAsync(connection, transaction, "started", ct);
        await RunScriptAsync(connection, transaction, Path.Combine("Ops", "MarkSchemaApplied.sql"), ct);
        var firstMark = await ScalarAsync<DateTime>(connection, transaction,
            $"SELECT [SchemaAppliedAt] FROM [ops].[DeploymentHistory] WHERE [DeploymentId] = {started} AND [Status] = 'schema-applied' AND [SchemaAppliedAt] >= [DeployedAt];", ct);
        await RunScriptAsync(connection, transaction, Path.Combine("Ops", "MarkSchemaApplied.sql"), ct);
        var secondMark = await ScalarAsync<DateTime>(connection, transaction,
            $"SELECT [SchemaAppliedAt] FROM [ops].[DeploymentHistory] WHERE [DeploymentId] = {started};", ct);
        var completedStatus = await ScalarAsync<string>(connection, transaction,
            $"SELECT [Status] FROM [ops].[DeploymentHistory] WHERE [DeploymentId] = {completed};", ct);

        var olderStarted = await InsertDeploymentAsync(connection, transaction, "started", ct);
        await InsertDeploymentAsync(connection, transaction, "completed", ct);
        await RunScriptAsync(connection, transaction, Path.Combine("Ops", "MarkSchemaApplied.sql"), ct);
        var olderStatus = await ScalarAsync<string>(connection, transaction,
            $"SELECT [Status] FROM [ops].[DeploymentHistory] WHERE [DeploymentId] = {olderStarted};", ct);
        await transaction.RollbackAsync(ct);

        Assert.Equal(0, afterEmpty);
        Assert.Equal(firstMark, secondMark);
        Assert.Equal("completed", completedStatus);
        Assert.Equal("started", olderStatus);
    }

    [Fact]
    public async Task Dev_seed_runs_in_test_and_refuses_in_any_other_environment_without_failing_the_publish()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        await using var production = new ScratchDatabase(fixture.ServerConnectionString);
        await using var test = new ScratchDatabase(fixture.ServerConnectionString);

        var productionMessages = Publish(production, environment: "prod", seedDevData: "true", ct);
        Publish(test, environment: "test", seedDevData: "true", ct);

        Assert.Contains(productionMessages, m => m.Contains("Development seed refused", StringComparison.Ordinal));
        Assert.Equal(0, await new LiveRows(production.ConnectionString).ScalarAsync<int>(
            "SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [KeyPrefix] = 'pdb_dev_0001';", ct));
        Assert.Equal(1, await new LiveRows(test.ConnectionString).ScalarAsync<int>(
            "SELECT COUNT(*) FROM [identity].[ApiKey] WHERE [KeyPrefix] = 'pdb_dev_0001';", ct));
    }

    private List<string> Publish(ScratchDatabase database, string environment, string seedDevData, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        var options = new DacDeployOptions { CreateNewDatabase = true, BlockOnPossibleDataLoss = true };
        options.SqlCommandVariableValues["Environment"] = environment;
        options.SqlCommandVariableValues["SeedDevData"] = seedDevData;
        var services = new DacServices(fixture.ServerConnectionString);
        services.Message += (_, e) => messages.Add(e.Message.ToString());
        using var package = DacPackage.Load(RepoPaths.BuiltDacpac);
        services.Deploy(package, database.Name, upgradeExisting: false, options, cancellationToken);
        return messages;
    }


    /// <summary>Runs a post-deployment script's batches on its own connection and returns what it PRINTed.</summary>
    private static async Task<string> RunScriptAsync(string connectionString, string relativePath, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await RunScriptAsync(connection, null, relativePath, cancellationToken);
    }

    private static async Task<string> RunScriptAsync(SqlConnection connection, SqlTransaction? transaction, string relativePath, CancellationToken cancellationToken)
    {
        var printed = new List<string>();
        void Collect(object sender, SqlInfoMessageEventArgs e) => printed.Add(e.Message);
        connection.InfoMessage += Collect;
        try
        {
            var text = await File.ReadAllTextAsync(Path.Combine(RepoPaths.PostDeploy, relativePath), cancellationToken);
            foreach (var batch in GoSeparator().Split(text.ReplaceLineEndings("\n")).Where(b => b.Trim().Length > 0))
            {
                await ExecuteAsync(connection, transaction, batch, cancellationToken);
            }
        }
        finally
        {
            connection.InfoMessage -= Collect;
        }

        return string.Join("\n", printed);
    }

    private static async Task<int> InsertDeploymentAsync(SqlConnection connection, SqlTransaction transaction, string status, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(
            """
            INSERT INTO [ops].[DeploymentHistory] ([Version], [Action], [DacpacSha256], [ToolVersion], [DeployedAt], [Status])
            VALUES ('1.2.0', 'apply', HASHBYTES('SHA2_256', 'dacpac'), '1.2.0', DATEADD(MINUTE, -1, SYSUTCDATETIME()), @Status);
            SELECT CAST(SCOPE_IDENTITY() AS INT);
            """, connection, transaction);
        command.Parameters.Add("@Status", SqlDbType.VarChar, 16).Value = status;
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(SqlConnection connection, SqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(SqlConnection connection, SqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    [GeneratedRegex(@"duplicate of an earlier element \(case or trailing spaces\): ApiKeyId \d+")]
    private static partial Regex DuplicateLine();
}
