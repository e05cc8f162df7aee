using Microsoft.Data.SqlClient;

namespace PlatformDb.Cli.Deploy;

/// <summary>A database named by a connection string; DacFx connects to the server and is told the database name.</summary>
public sealed record SqlTarget(string ServerConnectionString, string DatabaseConnectionString, string DatabaseName)
{
    public static bool LooksLikeConnectionString(string text) => text.Contains('=', StringComparison.Ordinal);

    public static SqlTarget Parse(string connectionString)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The message never repeats the connection string: it may hold a password.
            throw new CliException($"The connection string is not valid: {e.Message.ReplaceLineEndings(" ")}");
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new CliException("The connection string names no server; add Server=<host>.");
        }

        if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
        {
            throw new CliException("The connection string names no database; add Database=<name>.");
        }

        var database = builder.InitialCatalog;
        var server = new SqlConnectionStringBuilder(builder.ConnectionString) { InitialCatalog = "master" };
        return new SqlTarget(server.ConnectionString, builder.ConnectionString, database);
    }
}
