namespace PlatformDb.Cli.Core;

/// <summary>
/// An error the user can act on (unknown version, missing file, refused change). Lower layers throw these and never
/// know exit codes; the CLI's edge (<c>Commands.ErrorReporter</c>) turns each into one line and a code.
/// </summary>
public class PlatformDbException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The command line itself is wrong (a missing option, an option that contradicts another).</summary>
public sealed class UsageException(string message) : PlatformDbException(message);

/// <summary>A safety rule refused the change and nothing was changed (e.g. unexpected data loss).</summary>
public sealed class RefusedException(string message) : PlatformDbException(message);

/// <summary>A snapshot or its manifest is missing, malformed or does not match its bytes.</summary>
public sealed class SnapshotException(string message, Exception? innerException = null) : PlatformDbException(message, innerException);

/// <summary>The server could not be reached or refused the login; the message names the server, never the password.</summary>
public sealed class ServerUnreachableException(string server, string reason, Exception innerException)
    : PlatformDbException($"Cannot connect to {server}: {reason}", innerException)
{
    public string Server { get; } = server;
}

/// <summary>Blanks connection-string secrets in text that is about to be printed.</summary>
public static partial class Secrets
{
    /// <summary>
    /// Replaces the value of every Password/PWD keyword with ***. The last line of defence for text the CLI does not
    /// compose itself: a parse error that echoes a mistyped argument, a library message, a --verbose stack trace.
    /// </summary>
    public static string Redact(string text) => PasswordValue().Replace(text, "$1***");

    [System.Text.RegularExpressions.GeneratedRegex("""(?i)\b((?:password|pwd)\s*=\s*)(?:"[^"]*"|'[^']*'|[^;'"\r\n]*)""")]
    private static partial System.Text.RegularExpressions.Regex PasswordValue();
}
