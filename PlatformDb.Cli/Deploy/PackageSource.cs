using PlatformDb.Cli.Core;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Deploy;

/// <summary>One end of a plan: a released snapshot, the current build, a dacpac file, or a live database.</summary>
public sealed record PackageSource(string Label, string? DacpacPath, SemanticVersion? Version, bool IsCurrent, SqlTarget? Database)
{
    public DacPackage Load() => PackageLoader.Load(DacpacPath ?? throw new InvalidOperationException($"{Label} is a database, not a dacpac."));

    public string Sha256 => SnapshotStore.Sha256Of(DacpacPath ?? throw new InvalidOperationException($"{Label} is a database."));

    /// <summary>The version recorded in ops.DeploymentHistory when this is published.</summary>
    public string RecordedVersion => Version?.ToString() ?? "current";
}

/// <summary>Turns the words a user types (1.1.0, current, path.dacpac, a connection string) into a <see cref="PackageSource"/>.</summary>
public sealed class PackageSourceResolver(SnapshotStore snapshots, Func<string> currentBuild)
{
    public PackageSource Resolve(string text, bool allowDatabase)
    {
        if (string.Equals(text, "current", StringComparison.OrdinalIgnoreCase))
        {
            var path = currentBuild();
            if (!File.Exists(path))
            {
                throw new PlatformDbException($"The current build was not found at {path}; run 'dotnet build' first.");
            }

            return new PackageSource("current build", path, null, true, null);
        }

        if (SemanticVersion.TryParse(text, out var version))
        {
            snapshots.Open(version);
            return new PackageSource($"v{version}", snapshots.DacpacPath(version), version, false, null);
        }

        if (text.EndsWith(".dacpac", StringComparison.OrdinalIgnoreCase))
        {
            var full = Path.GetFullPath(text);
            PackageLoader.Load(full).Dispose();
            return new PackageSource(Path.GetFileName(full), full, null, false, null);
        }

        if (SqlTarget.LooksLikeConnectionString(text))
        {
            if (!allowDatabase)
            {
                throw new PlatformDbException("A database can only be the starting point (--from) of a plan.");
            }

            var target = SqlTarget.Parse(text);
            return new PackageSource($"database {target.DatabaseName}", null, null, false, target);
        }

        throw new PlatformDbException($"'{text}' is neither a version (X.Y.Z), 'current', a .dacpac file nor a connection string.");
    }
}
