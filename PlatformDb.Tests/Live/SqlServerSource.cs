using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace PlatformDb.Tests.Live;

/// <summary>
/// Decides where the live tests get a SQL Server from: a server named by PLATFORMDB_TEST_SQLSERVER,
/// else a throwaway container when Docker is reachable, else none (and says why in one line).
/// </summary>
public sealed class SqlServerSource : IAsyncDisposable
{
    public const string ConnectionStringVariable = "PLATFORMDB_TEST_SQLSERVER";
    public const string ImageVariable = "PLATFORMDB_TEST_SQLSERVER_IMAGE";
    public const string NoServerReason =
        "No SQL Server: set PLATFORMDB_TEST_SQLSERVER to a connection string or start Docker.";

    private readonly MsSqlContainer? container;

    private SqlServerSource(string? serverConnectionString, string? unavailableReason, string description, MsSqlContainer? container)
    {
        ServerConnectionString = serverConnectionString;
        UnavailableReason = unavailableReason;
        Description = description;
        this.container = container;
    }

    /// <summary>Connects to master on the server; null when no server is available.</summary>
    public string? ServerConnectionString { get; }

    /// <summary>Why there is no server; null when there is one.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Where the server came from, for failure messages (never contains a password).</summary>
    public string Description { get; }

    public static async Task<SqlServerSource> AcquireAsync(CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // A server the user named is expected to work: connection failures later are test failures, not skips.
            var builder = new SqlConnectionStringBuilder(configured) { InitialCatalog = "master" };
            return new SqlServerSource(builder.ConnectionString, null, $"the server in {ConnectionStringVariable} ({builder.DataSource})", null);
        }

        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            return Unavailable();
        }

        var image = Environment.GetEnvironmentVariable(ImageVariable);
        if (string.IsNullOrWhiteSpace(image))
        {
            // The library's pinned SQL Server 2022 image; the constant is [Obsolete] only to push callers to pass an
            // image explicitly, which we do here, and PLATFORMDB_TEST_SQLSERVER_IMAGE overrides it.
#pragma warning disable CS0618
            image = MsSqlBuilder.MsSqlImage;
#pragma warning restore CS0618
        }

        MsSqlContainer? started = null;
        try
        {
            // Build() already probes the Docker endpoint and throws DockerUnavailableException when it is unreachable.
            started = new MsSqlBuilder(image).Build();
            await started.StartAsync(cancellationToken);
        }
        catch (DockerUnavailableException)
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }

            return Unavailable();
        }
        catch
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }

            throw;
        }

        var master = new SqlConnectionStringBuilder(started.GetConnectionString()) { InitialCatalog = "master" };
        return new SqlServerSource(master.ConnectionString, null, $"a container from {image}", started);
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    private static SqlServerSource Unavailable() => new(null, NoServerReason, "none", null);
}
