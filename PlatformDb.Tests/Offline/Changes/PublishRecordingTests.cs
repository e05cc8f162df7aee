using PlatformDb.Cli.Commands;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>A write to ops.DeploymentHistory that fails never hides or misstates what the publish did.</summary>
public sealed class PublishRecordingTests
{
    private static readonly DeploymentTicket Ticket = new("1.2.0", "apply", new string('a', 64), true, HistoryShape.WithStatus, 7);

    public static TheoryData<string> RecordingFailures => new("pool", "cast", "timeout", "unreachable");

    private static Exception Failure(string kind) => kind switch
    {
        "pool" => new InvalidOperationException("Timeout expired. The timeout period elapsed prior to obtaining a connection from the pool."),
        "cast" => new InvalidCastException("Unable to cast object of type 'System.DBNull' to type 'System.Int32'."),
        "timeout" => new TaskCanceledException("A task was canceled."),
        _ => new ServerUnreachableException("db1", "A network-related or instance-specific error occurred", new Exception()),
    };

    [Theory]
    [MemberData(nameof(RecordingFailures))]
    public async Task A_failure_record_that_cannot_be_written_keeps_the_publish_error(string kind)
    {
        var record = await PublishFlow.RecordFailureAsync(() => throw Failure(kind), Ticket, "Rows were detected.");

        Assert.Null(record.SchemaApplied);
        Assert.Equal(7, record.DeploymentId);
        Assert.StartsWith("Rows were detected.; the failure could not be recorded (", record.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', record.Text);
    }

    [Theory]
    [MemberData(nameof(RecordingFailures))]
    public async Task A_completion_record_that_cannot_be_written_says_the_publish_succeeded(string kind)
    {
        var error = await Assert.ThrowsAsync<PlatformDbException>(() =>
            PublishFlow.RecordCompletionAsync(() => throw Failure(kind), "v1.2.0", "db1/PlatformDb"));

        Assert.StartsWith("Published v1.2.0 to db1/PlatformDb, but recording it in ops.DeploymentHistory failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("The publish itself succeeded", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A refused TLS certificate (SqlClient 4+ encrypts by default) is named, with what to do for a development server.</summary>
public sealed class ConnectFailureReasonTests
{
    [Fact]
    public void An_untrusted_certificate_on_linux_names_the_tls_failure_and_trust_server_certificate()
    {
        var error = new Exception(
            "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)",
            new System.Security.Authentication.AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback."));

        var reason = SqlTarget.Reason(error);

        Assert.Contains("[TLS: The remote certificate was rejected", reason, StringComparison.Ordinal);
        Assert.Contains("TrustServerCertificate=True", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_untrusted_certificate_on_windows_names_trust_server_certificate()
    {
        var reason = SqlTarget.Reason(new Exception(
            "A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)"));

        Assert.Contains("TrustServerCertificate=True", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_error_gets_no_certificate_advice()
    {
        var reason = SqlTarget.Reason(new Exception("A network-related or instance-specific error occurred while establishing a connection to SQL Server."));

        Assert.DoesNotContain("TrustServerCertificate", reason, StringComparison.Ordinal);
    }
}
