using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>Copies released snapshots into a scratch folder, so tests can tamper with copies, never with Snapshots/.</summary>
public static class SnapshotCopies
{
    /// <summary>Copies one release (dacpac and manifest); <paramref name="editManifest"/> may change the copied manifest.</summary>
    public static void CopyRelease(SemanticVersion version, string targetDirectory, Func<SnapshotManifest, SnapshotManifest>? editManifest = null)
    {
        var store = new SnapshotStore(RepoPaths.Snapshots);
        var folder = Path.Combine(targetDirectory, version.FolderName);
        Directory.CreateDirectory(folder);
        File.Copy(store.DacpacPath(version), Path.Combine(folder, SnapshotStore.DacpacFileName));
        var manifest = SnapshotManifest.Read(store.ManifestPath(version));
        (editManifest?.Invoke(manifest) ?? manifest).Write(Path.Combine(folder, SnapshotStore.ManifestFileName));
    }

    /// <summary>Copies every release.</summary>
    public static void CopyAll(string targetDirectory, Func<SnapshotManifest, SnapshotManifest>? editManifest = null)
    {
        foreach (var version in new SnapshotStore(RepoPaths.Snapshots).Versions())
        {
            CopyRelease(version, targetDirectory, editManifest);
        }
    }
}
