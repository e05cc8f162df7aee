namespace PlatformDb.Cli;

/// <summary>Process exit codes of `platformdb`, documented in docs/change-process.md.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input or an environment problem: unknown version, missing file, unreachable server.</summary>
    public const int Error = 1;

    /// <summary>A check found a difference: stale docs, drift, or a build that differs from the newest snapshot.</summary>
    public const int CheckFailed = 2;

    /// <summary>The operation was refused by a safety rule (e.g. unexpected data loss) and nothing was changed.</summary>
    public const int Refused = 3;
}

/// <summary>An error the user can act on; printed as one line, never with a stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
