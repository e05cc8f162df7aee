using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>
/// The release snapshots and the current build, with every plan between neighbours computed once (DacFx planning
/// costs seconds; the tests only read the results).
/// </summary>
public sealed class SnapshotPlansFixture : IDisposable
{
    private readonly Dictionary<string, DacPackage> packages = [];
    private readonly Dictionary<(string From, string To), DeployPlan> plans = [];

    public SnapshotPlansFixture()
    {
        Store = new SnapshotStore(RepoPaths.Snapshots);
        Versions = Store.Versions();
    }

    public SnapshotStore Store { get; }

    public IReadOnlyList<SemanticVersion> Versions { get; }

    public SemanticVersion Newest => Versions[^1];

    /// <summary>The plan that takes a database shaped like <paramref name="from"/> to <paramref name="to"/>; "current" is the build.</summary>
    public DeployPlan Plan(string from, string to)
    {
        lock (plans)
        {
            if (!plans.TryGetValue((from, to), out var plan))
            {
                var intent = Rank(to) < Rank(from) ? DeployIntent.Rollback : DeployIntent.Apply;
                plan = DeployPlanner.Plan(Package(to), Package(from), DeployOptionsFactory.Create(intent));
                plans[(from, to)] = plan;
            }

            return plan;
        }
    }

    public DacPackage Package(string name)
    {
        lock (packages)
        {
            if (!packages.TryGetValue(name, out var package))
            {
                var path = name == "current" ? RepoPaths.BuiltDacpac : Store.DacpacPath(SemanticVersion.Parse(name));
                package = DacPackage.Load(path, DacSchemaModelStorageType.Memory);
                packages[name] = package;
            }

            return package;
        }
    }

    public void Dispose()
    {
        foreach (var package in packages.Values)
        {
            package.Dispose();
        }
    }

    private SemanticVersion Rank(string name) =>
        name == "current" ? new SemanticVersion(int.MaxValue, 0, 0) : SemanticVersion.Parse(name);
}

[CollectionDefinition(Name)]
public sealed class SnapshotPlansCollection : ICollectionFixture<SnapshotPlansFixture>
{
    public const string Name = "Release snapshots and their plans";
}
