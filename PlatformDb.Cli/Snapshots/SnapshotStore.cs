using PlatformDb.Cli.Core;
using System.Security.Cryptography;

namespace PlatformDb.Cli.Snapshots;

/// <summary>The immutable release dacpacs under Snapshots/, one folder per version with its manifest.</summary>
public sealed class SnapshotStore
{
    private readonly Lazy<string> directory;

    public SnapshotStore(string directory) => this.directory = new(directory);

    /// <summary>A store whose folder is found only when first needed, so commands that never touch a release work anywhere.</summary>
    public SnapshotStore(Func<string> findDirectory) => directory = new(findDirectory);

    public const string DacpacFileName = "PlatformDb.Sql.dacpac";
    public const string ManifestFileName = "manifest.json";

    public string Directory => directory.Value;

    /// <summary>Released versions, oldest first.</summary>
    public IReadOnlyList<SemanticVersion> Versions() =>
        !System.IO.Directory.Exists(Directory)
            ? []
            : System.IO.Directory.EnumerateDirectories(Directory)
                .Select(Path.GetFileName)
                .Select(name => SemanticVersion.TryParse(name, out var v) && name!.StartsWith('v') ? v : null)
                .OfType<SemanticVersion>()
                .Order()
                .ToList();

    public SemanticVersion? Newest => Versions().LastOrDefault();

    public string DacpacPath(SemanticVersion version) => Path.Combine(Directory, version.FolderName, DacpacFileName);

    public string ManifestPath(SemanticVersion version) => Path.Combine(Directory, version.FolderName, ManifestFileName);

    /// <summary>The manifest of a release, after checking that the dacpac still has the bytes it was released with.</summary>
    public SnapshotManifest Open(SemanticVersion version)
    {
        if (!Versions().Contains(version))
        {
            var known = Versions().Count == 0 ? "none" : string.Join(", ", Versions());
            throw new PlatformDbException($"Unknown version {version}; released versions: {known}.");
        }

        var manifest = SnapshotManifest.Read(ManifestPath(version));
        var actual = Sha256Of(DacpacPath(version));
        if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new SnapshotException(
                $"Snapshot {version} does not match its manifest (sha256 {actual}, manifest says {manifest.Sha256}); snapshots are immutable, restore the file from git.");
        }

        return manifest;
    }

    /// <summary>
    /// Refuses, before any costly work: a version already released or not newer than the newest release, a missing
    /// build, and a build whose own version (DacMetadata.xml) is not the release it would be frozen as.
    /// </summary>
    public void EnsureCanFreeze(SemanticVersion version, string builtDacpac)
    {
        if (System.IO.Directory.Exists(Path.Combine(Directory, version.FolderName)))
        {
            throw new SnapshotException($"Snapshot {version} already exists; released snapshots are immutable. Use a new version.");
        }

        if (Newest is { } newest && version <= newest)
        {
            throw new SnapshotException($"Version {version} is not newer than the newest snapshot {newest}.");
        }

        if (!File.Exists(builtDacpac))
        {
            throw new PlatformDbException($"Dacpac not found: {builtDacpac}. Run 'dotnet build' first.");
        }

        using var package = PackageLoader.Load(builtDacpac);
        if (package.Version?.ToString(3) != version.ToString())
        {
            throw new PlatformDbException(
                $"The build is version {package.Version?.ToString(3)}, not {version}: set <DacVersion>{version}</DacVersion> in PlatformDb.Sql.sqlproj and rebuild.");
        }
    }

    /// <summary>Copies a built dacpac in as a new release; an existing version is never overwritten.</summary>
    public SnapshotManifest Freeze(SemanticVersion version, string builtDacpac, Func<string, SnapshotManifest> describe)
    {
        EnsureCanFreeze(version, builtDacpac);
        var folder = Path.Combine(Directory, version.FolderName);

        var staging = folder + ".tmp";
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            var dacpac = Path.Combine(staging, DacpacFileName);
            File.Copy(builtDacpac, dacpac);
            var manifest = describe(Sha256Of(dacpac));
            manifest.Write(Path.Combine(staging, ManifestFileName));
            System.IO.Directory.Move(staging, folder);
            return manifest;
        }
        catch
        {
            System.IO.Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The releases a move from one release to another passes, in the order they are passed, each with its manifest's
    /// summary and the expectation for this direction (upgrade going up, rollback going down). Empty unless both are releases.
    /// </summary>
    public IReadOnlyList<ReleaseTransition> Transitions(SemanticVersion? from, SemanticVersion? to) =>
        from is null || to is null || from == to
            ? []
            : to > from ? Passed(from, to, upgrade: true) : Passed(to, from, upgrade: false);

    /// <summary>
    /// The releases above <paramref name="low"/> up to <paramref name="high"/> (every newer release when null, e.g. for
    /// the current build), in the order a move passes them: ascending going up, descending going down.
    /// </summary>
    public IReadOnlyList<ReleaseTransition> Passed(SemanticVersion low, SemanticVersion? high, bool upgrade)
    {
        var passed = Versions().Where(v => v > low && (high is null || v <= high));
        return (upgrade ? passed : passed.Reverse())
            .Select(v => (Version: v, Manifest: Open(v)))
            .Select(r => new ReleaseTransition(r.Version, r.Manifest.Summary, upgrade, upgrade ? r.Manifest.Upgrade : r.Manifest.Rollback))
            .ToList();
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>One release passed by a move between releases: its summary and what the manifest expects in this direction.</summary>
public sealed record ReleaseTransition(SemanticVersion Version, string Summary, bool Upgrade, TransitionExpectation Expectation)
{
    public string Direction => Upgrade ? "upgrade" : "rollback";
}
