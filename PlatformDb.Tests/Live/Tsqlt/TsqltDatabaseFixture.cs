using System.Security.Cryptography;
using Microsoft.Data.SqlClient;
using PlatformDb.Tests.Infrastructure.Tsqlt;

namespace PlatformDb.Tests.Live.Tsqlt;

/// <summary>
/// A scratch database PlatformDb_Tsqlt_&lt;8 hex&gt; on the live tier's server with the dacpac published, tSQLt installed
/// from PLATFORMDB_TSQLT_DIR and the suite created; dropped afterwards. Without a server or without tSQLt every tSQLt
/// test reports Skipped with the reason; a failed installation is a failure of every tSQLt test, with the file and line.
/// </summary>
public sealed class TsqltDatabaseFixture(LiveDatabaseFixture live) : IAsyncLifetime
{
    private string? unavailableReason;
    private string? connectionString;
    private Exception? installFailure;

    public string DatabaseName { get; } = "PlatformDb_Tsqlt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public string ConnectionString =>
        connectionString ?? throw new InvalidOperationException("No tSQLt database: call SkipIfUnavailable() first.");

    /// <summary>Ends the calling test as Skipped with the reason, or fails it when the installation failed.</summary>
    public void SkipIfUnavailable()
    {
        if (installFailure is not null)
        {
            throw new InvalidOperationException($"Installing tSQLt and the suite into {DatabaseName} failed: {installFailure.Message}", installFailure);
        }

        if (connectionString is null)
        {
            Assert.Skip(unavailableReason ?? SqlServerSource.NoServerReason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (live.UnavailableReason is { } noServer)
        {
            unavailableReason = noServer;
            return;
        }

        var (directory, noTsqlt) = TsqltHarness.Locate();
        if (directory is null)
        {
            unavailableReason = noTsqlt;
            return;
        }

        try
        {
            await TsqltHarness.InstallAsync(live.ServerConnectionString, DatabaseName, directory, TestContext.Current.SendDiagnosticMessage, TestContext.Current.CancellationToken);
            connectionString = new SqlConnectionStringBuilder(live.ServerConnectionString) { InitialCatalog = DatabaseName }.ConnectionString;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reported by each test (a fixture exception would hide the file and line behind a generic message).
            installFailure = ex;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (live.UnavailableReason is not null || unavailableReason is not null)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(live.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(
            """
            IF DB_ID(@Name) IS NOT NULL
            BEGIN
                DECLARE @Sql NVARCHAR(MAX) = N'ALTER DATABASE ' + QUOTENAME(@Name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@Name) + N';';
                EXEC (@Sql);
            END;
            """, connection);
        command.Parameters.Add("@Name", System.Data.SqlDbType.NVarChar, 128).Value = DatabaseName;
        await command.ExecuteNonQueryAsync();
    }
}
