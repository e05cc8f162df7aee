using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>The dacpac has one known path in every configuration, and the CLI's layers point one way.</summary>
public sealed class BuildOutputAndLayerTests
{
    [Fact]
    public void The_default_current_dacpac_path_names_no_configuration_and_exists_after_any_build()
    {
        var path = RepoLocator.BuiltDacpac(RepoPaths.Root);

        Assert.Equal(Path.Combine(RepoPaths.Root, "PlatformDb.Sql", "bin", "PlatformDb.Sql.dacpac"), path);
        Assert.True(File.Exists(path), $"{path} is missing although the test build depends on PlatformDb.Sql.");
    }

    [Fact]
    public void No_build_configuration_or_framework_folder_is_hard_coded()
    {
        string[] folders = ["PlatformDb.Cli", "PlatformDb.Tests", "eng/PlanBenchmark"];
        var files = folders.Select(f => Path.Combine(RepoPaths.Root, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetExtension(f) is ".cs" or ".csproj" or ".md" or ".yml" or ".json")
            .Append(Path.Combine(RepoPaths.Root, "azure-pipelines.yml"))
            .Append(Path.Combine(RepoPaths.Root, "README.md"))
            .Concat(Directory.EnumerateFiles(RepoPaths.Docs, "*.md"))
            .Append(Path.Combine(RepoPaths.Root, "PlatformDb.Sql", "PlatformDb.Sql.sqlproj"))
            .Where(f => !f.EndsWith(nameof(BuildOutputAndLayerTests) + ".cs", StringComparison.Ordinal));

        var offenders = files.Where(f => File.ReadAllText(f) is var text
                                         && (text.Contains("bin/Debug", StringComparison.OrdinalIgnoreCase)
                                             || text.Contains("bin\\Debug", StringComparison.OrdinalIgnoreCase)
                                             || text.Contains("netstandard2.1/", StringComparison.Ordinal)
                                             || text.Contains("\"Debug\"", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.True(offenders.Count == 0, "Hard-coded build output paths in: " + string.Join(", ", offenders));
    }

    [Theory]
    [InlineData("PlatformDb.Cli.Snapshots", "PlatformDb.Cli.Deploy")]
    [InlineData("PlatformDb.Cli.Snapshots", "PlatformDb.Cli.Releases")]
    [InlineData("PlatformDb.Cli.Deploy", "PlatformDb.Cli.Releases")]
    [InlineData("PlatformDb.Cli.Plans", "PlatformDb.Cli.Releases")]
    [InlineData("PlatformDb.Cli.Releases", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Snapshots", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Snapshots", "PlatformDb.Cli.Plans")]
    [InlineData("PlatformDb.Cli.Deploy", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Deploy", "PlatformDb.Cli.Plans")]
    [InlineData("PlatformDb.Cli.Plans", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Core", "PlatformDb.Cli.Deploy")]
    [InlineData("PlatformDb.Cli.Service", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Deploy", "PlatformDb.Cli.Service")]
    [InlineData("PlatformDb.Cli.Core", "PlatformDb.Cli.Service")]
    [InlineData("PlatformDb.Cli.Service.ProviderSecrets", "PlatformDb.Cli.Commands")]
    [InlineData("PlatformDb.Cli.Deploy", "PlatformDb.Cli.Service.ProviderSecrets")]
    public void A_lower_layer_does_not_use_a_higher_one(string lower, string higher)
    {
        var uses = LayerReferences.TypesUsedBy(typeof(CliApp).Assembly, lower)
            .Where(t => t.Namespace is { } ns && (ns == higher || ns.StartsWith(higher + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .Distinct()
            .ToList();

        Assert.True(uses.Count == 0, $"{lower} uses {higher}: {string.Join(", ", uses)}");
    }

    [Fact]
    public void The_layer_check_sees_a_dependency_that_exists()
    {
        Assert.Contains(LayerReferences.TypesUsedBy(typeof(CliApp).Assembly, "PlatformDb.Cli.Commands"),
            t => t.Namespace == "PlatformDb.Cli.Deploy");
    }
}
