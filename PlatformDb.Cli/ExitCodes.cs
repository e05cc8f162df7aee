namespace PlatformDb.Cli;

/// <summary>Process exit codes of `platformdb`, listed in its --help, the README and docs/change-process.md.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input or an environment problem: unknown version, missing file, unreachable server, unexpected error.</summary>
    public const int Error = 1;

    /// <summary>A check found a difference: drift, stale docs.</summary>
    public const int CheckFailed = 2;

    /// <summary>The operation was refused by a safety rule (e.g. unexpected data loss) and nothing was changed.</summary>
    public const int Refused = 3;

    /// <summary>`plan` succeeded, but the plan holds a data-loss alert that no release manifest declares.</summary>
    public const int UndeclaredDataLoss = 4;

    /// <summary>The command line is wrong (unknown or missing option); nothing was done. 64 is EX_USAGE of sysexits.h.</summary>
    public const int Usage = 64;

    /// <summary>The table printed at the end of --help.</summary>
    public const string HelpText = """
        Exit codes:
          0   success
          1   error: bad input, missing file, unreachable server, failed publish (one line on stderr; --verbose adds the stack trace)
          2   a check found a difference: drift, stale docs
          3   refused by a safety rule, nothing changed (unexpected data loss without --allow-data-loss, apply to an older release, rollback to a newer one, smoke on a database not recorded as dev or test)
          4   plan written, but it holds a data-loss alert that no release manifest declares
          64  usage error: unknown, missing or contradictory options
        """;
}
