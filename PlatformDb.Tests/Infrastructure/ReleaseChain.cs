using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>
/// A release line built in memory: small TSqlModels packed with DacPackageExtensions.BuildPackage into a temporary
/// SnapshotStore, each with a manifest, so release decisions can be tested on chains the real Snapshots/ do not have.
/// </summary>
public sealed class ReleaseChain : IDisposable
{
    private ReleaseChain(string directory)
    {
        Directory = directory;
        Store = new SnapshotStore(directory);
    }

    public string Directory { get; }

    public SnapshotStore Store { get; }

    /// <summary>
    /// v1.0.0 has [dbo].[Account]; v1.1.0 adds [dbo].[AccountNote]; v1.2.0 adds [dbo].[AccountTag]. Each rollback drops
    /// the added table; <paramref name="declareRollback"/> decides, per version, whether its manifest expects that alert.
    /// </summary>
    public static ReleaseChain ThreeReleases(Func<SemanticVersion, bool>? declareRollback = null)
    {
        var chain = new ReleaseChain(System.IO.Directory.CreateTempSubdirectory("platformdb-chain-").FullName);
        var scripts = new List<string> { "CREATE TABLE [dbo].[Account] ([AccountId] INT NOT NULL CONSTRAINT [PK_Account] PRIMARY KEY);" };
        chain.Add("1.0.0", scripts, previous: null, rollbackAlerts: [], declare: true);
        scripts.Add("CREATE TABLE [dbo].[AccountNote] ([AccountNoteId] INT NOT NULL CONSTRAINT [PK_AccountNote] PRIMARY KEY, [Note] NVARCHAR(100) NULL);");
        chain.Add("1.1.0", scripts, "1.0.0", [Dropped("AccountNote")], declareRollback?.Invoke(SemanticVersion.Parse("1.1.0")) ?? true);
        scripts.Add("CREATE TABLE [dbo].[AccountTag] ([AccountTagId] INT NOT NULL CONSTRAINT [PK_AccountTag] PRIMARY KEY, [Tag] NVARCHAR(50) NULL);");
        chain.Add("1.2.0", scripts, "1.1.0", [Dropped("AccountTag")], declareRollback?.Invoke(SemanticVersion.Parse("1.2.0")) ?? true);
        return chain;
    }

    public static PlanAlert Dropped(string table) => new("DataIssue", $"The table [dbo].[{table}] is being dropped, data loss could occur.");

    /// <summary>The manifest's reason text for a version's rollback.</summary>
    public static string RollbackReason(string version) => $"rollback from {version} loses only test rows";

    /// <summary>A dacpac outside the store with a model of its own and no PlatformDb SQLCMD variables.</summary>
    public string ForeignDacpac()
    {
        var path = Path.Combine(Directory, "foreign.dacpac");
        Build(path, ["CREATE TABLE [dbo].[Other] ([OtherId] INT NOT NULL CONSTRAINT [PK_Other] PRIMARY KEY);"], "9.9.9");
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void Add(string version, IEnumerable<string> scripts, string? previous, IReadOnlyList<PlanAlert> rollbackAlerts, bool declare)
    {
        var release = SemanticVersion.Parse(version);
        var folder = Path.Combine(Directory, release.FolderName);
        System.IO.Directory.CreateDirectory(folder);
        var dacpac = Path.Combine(folder, SnapshotStore.DacpacFileName);
        Build(dacpac, scripts, version);
        new SnapshotManifest
        {
            Version = version,
            Date = "2026-12-01",
            Dacpac = SnapshotStore.DacpacFileName,
            Sha256 = SnapshotStore.Sha256Of(dacpac),
            Summary = $"test release {version}",
            Previous = previous,
            Rollback = declare
                ? new TransitionExpectation { ExpectedAlerts = rollbackAlerts, DataLoss = RollbackReason(version) }
                : new TransitionExpectation(),
        }.Write(Path.Combine(folder, SnapshotStore.ManifestFileName));
    }

    private static void Build(string path, IEnumerable<string> scripts, string version)
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in scripts)
        {
            model.AddObjects(script);
        }

        DacPackageExtensions.BuildPackage(path, model, new PackageMetadata { Name = "ChainTest", Version = version });
    }
}
