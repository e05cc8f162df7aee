using PlatformDb.Cli.Core;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli.Deploy;

/// <summary>
/// One end of a plan: a released snapshot, the current build, a dacpac file, or a live database. The resolver hashes a
/// dacpac once and the hash travels with the value (<see cref="Sha256"/>; null for a database), so no property reads a file.
/// </summary>
public sealed record PackageSource(string Label, string? DacpacPath, SemanticVersion? Version, bool IsCurrent, SqlTarget? Database, string? Sha256 = null)
{
    /// <summary>Opens the dacpac; callers open it once and pass the <see cref="DacPackage"/> on.</summary>
    public DacPackage Load() => PackageLoader.Load(DacpacPath ?? throw new InvalidOperationException($"{Label} is a database, not a dacpac."));

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

            return new PackageSource("current build", path, null, true, null, SnapshotStore.Sha256Of(path));
        }

        if (SemanticVersion.TryParse(text, out var version))
        {
            // Open checks the bytes against the manifest's hash, so that hash is the file's.
            var manifest = snapshots.Open(version);
            return new PackageSource($"v{version}", snapshots.DacpacPath(version), version, false, null, manifest.Sha256.ToLowerInvariant());
        }

        if (text.EndsWith(".dacpac", StringComparison.OrdinalIgnoreCase))
        {
            var full = Path.GetFullPath(text);
            if (!File.Exists(full))
            {
                throw new PlatformDbException($"Dacpac not found: {full}.");
            }

            // Whether it is a readable dacpac shows when it is opened, before any connection is made.
            return new PackageSource(Path.GetFileName(full), full, null, false, null, SnapshotStore.Sha256Of(full));
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
