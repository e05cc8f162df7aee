using System.Globalization;
using System.Text.RegularExpressions;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Usage;

/// <summary>The offline rules of `platformdb bench`: how many events, and which database it may touch.</summary>
public static partial class BenchRules
{
    public const string DatabasePrefix = "PlatformDb_Bench_";

    /// <summary>"1000000", "1_000_000", "500k", "10M", "1.5M" (k = 10^3, M = 10^6, G = 10^9); at least 1.</summary>
    public static long ParseEventCount(string text)
    {
        var match = EventCount().Match(text.Trim().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal));
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new UsageException($"--events '{text}' is not a count: use e.g. 1000000, 500k or 10M.");
        }

        var multiplier = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => 1_000m,
            "M" => 1_000_000m,
            "G" => 1_000_000_000m,
            _ => 1m,
        };
        var count = number * multiplier;
        return count < 1 || count != decimal.Truncate(count) || count > long.MaxValue
            ? throw new UsageException($"--events '{text}' must be a whole number of events, at least 1.")
            : (long)count;
    }

    /// <summary>A fresh scratch name, PlatformDb_Bench_&lt;8 hex&gt;.</summary>
    public static string NewDatabaseName() => DatabasePrefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Refuses any database name but PlatformDb_Bench_&lt;letters, digits, _&gt;: bench creates and drops its database, so
    /// it never runs against one it did not create (the live check that the database does not exist yet follows).
    /// </summary>
    public static string CheckDatabaseName(string name) =>
        DatabaseName().IsMatch(name)
            ? name
            : throw new RefusedException(
                $"refused, nothing was changed: bench runs only in a scratch database it creates and drops, named {DatabasePrefix}<letters, digits or _>; '{name}' is not one.");

    /// <summary>The refusal when the scratch database already exists: bench did not create it, so it may hold anything.</summary>
    public static RefusedException DatabaseExists(string name) =>
        new($"refused, nothing was changed: database {name} already exists; bench only uses a database it creates itself (drop it or pick another --database).");

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([kKmMgG]?)$")]
    private static partial Regex EventCount();

    [GeneratedRegex(@"^PlatformDb_Bench_[A-Za-z0-9_]{1,100}$")]
    private static partial Regex DatabaseName();
}
