using System.CommandLine;

namespace PlatformDb.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<DirectoryInfo?> Snapshots() =>
        new("--snapshots") { Description = "Snapshot folder (default: Snapshots/ of this checkout).", Recursive = true };

    public static Option<FileInfo?> CurrentDacpac() =>
        new("--dacpac") { Description = "Dacpac that stands for 'current' (default: PlatformDb.Sql/bin/PlatformDb.Sql.dacpac of this checkout)." };

    /// <summary>Where the connection string may come from instead of argv, so a password stays out of shell history.</summary>
    public const string ConnectionVariable = "PLATFORMDB_CONNECTION";

    public static Option<string?> Connection() =>
        new("--connection") { Description = $"Connection string of the target database (it must name the database); default: ${ConnectionVariable}." };

    /// <summary>The target database from --connection, else from PLATFORMDB_CONNECTION; a usage error when neither is set.</summary>
    public static Deploy.SqlTarget Target(ParseResult parse, Option<string?> connection) =>
        Deploy.SqlTarget.Parse(ConnectionString(parse, connection));

    /// <summary>The connection string from --connection, else from PLATFORMDB_CONNECTION; a usage error when neither is set.</summary>
    public static string ConnectionString(ParseResult parse, Option<string?> connection) =>
        parse.GetValue(connection) is { Length: > 0 } given
            ? given
            : Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : throw new Core.UsageException($"No database: pass --connection or set {ConnectionVariable}.");

    public static Option<string?> Profile() =>
        new("--profile") { Description = "Publish profile: a name under PlatformDb.Sql/Profiles (dev, prod) or a path to a .publish.xml." };

    public static Option<bool> AllowDataLoss() =>
        new("--allow-data-loss") { Description = "Run even when the plan raises data-loss alerts that the release manifest does not expect." };

    public static Option<bool> Json() =>
        new("--json") { Description = "Write one JSON document to stdout instead of text (shape: docs/json-drift-history.md)." };

    public static Workspace Workspace(ParseResult parse, Option<DirectoryInfo?> snapshots, Option<FileInfo?>? dacpac = null) =>
        new(parse.GetValue(snapshots)?.FullName, dacpac is null ? null : parse.GetValue(dacpac)?.FullName);
}
