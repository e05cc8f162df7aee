using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>An empty database name on the live server, dropped when the test ends; the CLI creates it on first publish.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;

    public ScratchDatabase(string serverConnectionString)
    {
        this.serverConnectionString = serverConnectionString;
        Name = "PlatformDb_Cycle_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        ConnectionString = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

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
