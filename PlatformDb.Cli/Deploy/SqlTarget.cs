using PlatformDb.Cli.Core;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Cli.Deploy;

/// <summary>A database named by a connection string; DacFx connects to the server and is told the database name.</summary>
public sealed record SqlTarget(string ServerConnectionString, string DatabaseConnectionString, string DatabaseName, string Server)
{
    /// <summary>"SERVER/DB", for progress lines and errors; never the password.</summary>
    public string Label => $"{Server}/{DatabaseName}";

    /// <summary>
    /// Opens a connection to master (or to the database) and turns a failure to connect into one
    /// <see cref="ServerUnreachableException"/> that names the server. Every path that talks to a server starts here,
    /// so a network error surfaces in seconds instead of after DacFx's own connection retries.
    /// </summary>
    public async Task<SqlConnection> OpenAsync(bool database, CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(database ? DatabaseConnectionString : ServerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (SqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ServerUnreachableException(database ? Label : Server, Reason(e), e);
        }
    }

    /// <summary>
    /// The connect preflight for code that hands the connection string to DacFx, whose own connection retries take
    /// minutes against an unreachable server: opens and closes a connection to master, or throws
    /// <see cref="ServerUnreachableException"/> naming the server.
    /// </summary>
    public void EnsureReachable(CancellationToken cancellationToken)
    {
        using var connection = new SqlConnection(ServerConnectionString);
        try
        {
            connection.OpenAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (SqlException e)
        {
            throw new ServerUnreachableException(Server, Reason(e), e);
        }
    }

    /// <summary>What an operator adds when a development server's self-signed certificate is refused (SqlClient 4+ encrypts by default).</summary>
    public const string CertificateHint =
        "the server's TLS certificate is not trusted: SqlClient encrypts by default (Encrypt=True); install a trusted certificate, " +
        "or for a development server or container only add TrustServerCertificate=True to the connection string";

    /// <summary>
    /// SqlClient's message, plus the socket error it wraps when that says more (on Linux it can read "Success"), and the
    /// TLS failure with what to do about it: on Linux SqlClient reports an untrusted certificate only as "error: 35 - An
    /// internal exception was caught", with the AuthenticationException inside.
    /// </summary>
    internal static string Reason(Exception e)
    {
        var text = e.Message.ReplaceLineEndings(" ").Trim();
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return $"{text} [TLS: {tls.Message.ReplaceLineEndings(" ").Trim()}] ({CertificateHint})";
            }

            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: not System.Net.Sockets.SocketError.Success } socket)
            {
                return $"{text} [socket error: {socket.SocketErrorCode}]";
            }
        }

        return text.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? $"{text} ({CertificateHint})" : text;
    }

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
            throw new PlatformDbException($"The connection string is not valid: {e.Message.ReplaceLineEndings(" ")}");
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new PlatformDbException("The connection string names no server; add Server=<host>.");
        }

        if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
        {
            throw new PlatformDbException("The connection string names no database; add Database=<name>.");
        }

        var database = builder.InitialCatalog;
        var server = new SqlConnectionStringBuilder(builder.ConnectionString) { InitialCatalog = "master" };
        return new SqlTarget(server.ConnectionString, builder.ConnectionString, database, builder.DataSource);
    }
}
