using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Cli;

/// <summary>Where the CLI finds snapshots, the current build and publish profiles; every path can be overridden.</summary>
public sealed class Workspace(string? snapshotsDirectory, string? currentDacpac)
{
    private readonly Lazy<string> root = new(() => RepoLocator.FindRoot());

    /// <summary>The release store; the checkout is looked for only when a release is actually read.</summary>
    public SnapshotStore Snapshots => snapshotsDirectory is not null ? new(snapshotsDirectory) : new(() => Path.Combine(root.Value, "Snapshots"));

    public string CurrentDacpac => currentDacpac ?? RepoLocator.BuiltDacpac(root.Value);

    public string UnreleasedNotes => Path.Combine(Snapshots.Directory, "UNRELEASED.md");

    public PackageSourceResolver Resolver => new(Snapshots, () => CurrentDacpac);

    public PublishProfile Profile(string nameOrPath) =>
        PublishProfile.Load(nameOrPath.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(nameOrPath)
            : PublishProfile.PathFor(root.Value, nameOrPath));
}
