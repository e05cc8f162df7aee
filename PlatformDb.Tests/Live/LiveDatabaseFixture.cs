using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Deploy;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Publishes the built dacpac into a fresh database PlatformDb_Test_&lt;8 hex&gt; once per test run and drops it
/// afterwards. Without a server every live test reports Skipped with the reason; a failed publish is a failure.
/// </summary>
public sealed class LiveDatabaseFixture : IAsyncLifetime
{
    private SqlServerSource? source;
    private string? connectionString;

    /// <summary>The test database's name, e.g. PlatformDb_Test_1a2b3c4d.</summary>
    public string DatabaseName { get; } = "PlatformDb_Test_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Connects to the published test database. Call <see cref="SkipIfUnavailable"/> first.</summary>
    public string ConnectionString =>
        connectionString ?? throw new InvalidOperationException("No live database: call SkipIfUnavailable() first.");

    public string? UnavailableReason => source?.UnavailableReason;

    /// <summary>Connects to master on the same server, for tests that create databases of their own.</summary>
    public string ServerConnectionString =>
        source?.ServerConnectionString ?? throw new InvalidOperationException("No live server: call SkipIfUnavailable() first.");

    /// <summary>Ends the calling test as Skipped, with the reason, when no SQL Server is available.</summary>
    public void SkipIfUnavailable()
    {
        if (connectionString is null)
        {
            Assert.Skip(UnavailableReason ?? SqlServerSource.NoServerReason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        source = await SqlServerSource.AcquireAsync(cancellationToken);
        if (source.ServerConnectionString is null)
        {
            return;
        }

        try
        {
            Publish(source.ServerConnectionString, cancellationToken);
        }
        catch
        {
            await CleanUpAfterFailedPublishAsync(source);
            source = null;
            throw;
        }

        connectionString = new SqlConnectionStringBuilder(source.ServerConnectionString) { InitialCatalog = DatabaseName }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (source is null)
        {
            return;
        }

        try
        {
            if (connectionString is not null)
            {
                await DropDatabaseAsync(source.ServerConnectionString!, CancellationToken.None);
            }
        }
        finally
        {
            await source.DisposeAsync();
            source = null;
            connectionString = null;
        }
    }

    private void Publish(string serverConnectionString, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        try
        {
            PublishBuiltDacpac(serverConnectionString, DatabaseName, cancellationToken, messages.Add);
        }
        catch (Exception ex)
        {
            var dacMessages = ex is DacServicesException dac ? dac.Messages.Select(m => m.ToString()) : [];
            var text = new StringBuilder()
                .AppendLine($"Publishing {RepoPaths.BuiltDacpac} to {DatabaseName} on {source!.Description} failed: {ex.Message}");
            foreach (var message in dacMessages.Concat(messages).Distinct(StringComparer.Ordinal))
            {
                text.AppendLine(message);
            }

            throw new InvalidOperationException(text.ToString(), ex);
        }
    }

    /// <summary>
    /// Publishes the built dacpac into a new database through the CLI's own publish path (<see cref="Publisher"/>: the
    /// connect preflight, then DacFx), with the CLI's safe options; an offline test runs it against an unreachable server.
    /// </summary>
    public static void PublishBuiltDacpac(string serverConnectionString, string databaseName, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        var target = SqlTarget.Parse(new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = databaseName }.ConnectionString);
        using var package = DacPackage.Load(RepoPaths.BuiltDacpac);
        var options = DeployOptionsFactory.Create(
            DeployIntent.Apply,
            new Dictionary<string, string> { ["Environment"] = "test", ["SeedDevData"] = "false" },
            package.SqlCmdVariables.ToList());
        options.CreateNewDatabase = true;
        Publisher.Publish(package, target, options, progress ?? (_ => { }), cancellationToken);
    }

    /// <summary>Leaves no half-created database or running container behind; the publish error is what gets reported.</summary>
    private async Task CleanUpAfterFailedPublishAsync(SqlServerSource failed)
    {
        try
        {
            await DropDatabaseAsync(failed.ServerConnectionString!, CancellationToken.None);
        }
        catch (SqlException)
        {
            // The server may be the reason the publish failed; the container below goes anyway.
        }
        finally
        {
            await failed.DisposeAsync();
        }
    }

    private async Task DropDatabaseAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        // Pooled connections into the test database would otherwise be broken by ROLLBACK IMMEDIATE.
        SqlConnection.ClearAllPools();

        await using var connection = new SqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            IF DB_ID(@DatabaseName) IS NOT NULL
            BEGIN
                DECLARE @Sql NVARCHAR(MAX) =
                    N'ALTER DATABASE ' + QUOTENAME(@DatabaseName) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; '
                  + N'DROP DATABASE ' + QUOTENAME(@DatabaseName) + N';';
                EXEC (@Sql);
            END;
            """;
        command.Parameters.Add(new SqlParameter("@DatabaseName", System.Data.SqlDbType.NVarChar, 128) { Value = DatabaseName });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class LiveSqlServerCollection : ICollectionFixture<LiveDatabaseFixture>
{
    public const string Name = "Live SQL Server";
}
