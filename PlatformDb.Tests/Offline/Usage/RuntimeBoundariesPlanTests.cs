using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli.Deploy;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>
/// Publishing must not undo run-time partition maintenance (notes README, consequence 6): a plan of the built v1.3.0
/// dacpac onto a copy of the same model whose PF_UsageDay has the daily boundaries maintenance adds holds no table
/// rebuild and no data motion with the CLI's options (IgnorePartitionSchemes=true), while DacFx's default options would
/// rebuild the usage tables (dacfx-deploy-options §1.1), which shows the test can fail.
/// </summary>
public sealed partial class RuntimeBoundariesPlanTests
{
    [Fact]
    public void Plan_onto_a_database_with_runtime_boundaries_keeps_them_with_the_cli_options()
    {
        using var live = new TempDir();
        var target = LiveCopyWithBoundaries(live.Path, 40);
        using var source = DacPackage.Load(RepoPaths.BuiltDacpac);
        using var targetPackage = DacPackage.Load(target);

        var report = DacServices.GenerateDeployReport(source, targetPackage, "PlatformDb", DeployOptionsFactory.Create(DeployIntent.Apply));

        var (operations, alerts) = Read(report);
        Assert.DoesNotContain("TableRebuild", operations);
        Assert.DoesNotContain("DataMotion", alerts);
        Assert.DoesNotContain(operations, o => o.Contains("PF_UsageDay", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_ignore_partition_schemes_the_same_plan_rebuilds_the_usage_table()
    {
        using var live = new TempDir();
        var target = LiveCopyWithBoundaries(live.Path, 40);
        using var source = DacPackage.Load(RepoPaths.BuiltDacpac);
        using var targetPackage = DacPackage.Load(target);
        var options = DeployOptionsFactory.Create(DeployIntent.Apply);
        options.IgnorePartitionSchemes = false;

        var report = DacServices.GenerateDeployReport(source, targetPackage, "PlatformDb", options);

        var (operations, alerts) = Read(report);
        Assert.True(operations.Contains("TableRebuild") || alerts.Contains("DataMotion"),
            "Expected DacFx to rebuild the partitioned tables when boundaries are compared; the test above would then prove nothing.");
    }

    /// <summary>
    /// The schema project's own scripts as a model, with PF_UsageDay carrying <paramref name="days"/> daily boundaries,
    /// as EnsureUsagePartitions leaves a live database, packed as a dacpac that stands in for it.
    /// </summary>
    private static string LiveCopyWithBoundaries(string directory, int days)
    {
        var boundaries = string.Join(", ", Enumerable.Range(0, days)
            .Select(d => $"'{new DateTime(2026, 11, 1).AddDays(d):yyyy-MM-dd}T00:00:00'").Prepend("'2020-01-01T00:00:00'"));
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions { Collation = "SQL_Latin1_General_CP1_CI_AS" });
        foreach (var file in Directory.EnumerateFiles(RepoPaths.SqlProject, "*.sql", SearchOption.AllDirectories)
                     .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
                     .Order(StringComparer.Ordinal))
        {
            var script = File.ReadAllText(file);
            if (Path.GetFileName(file) == "PF_UsageDay.sql")
            {
                script = BoundaryList().Replace(script, $"FOR VALUES ({boundaries})");
                Assert.Contains("2026-11-01", script);
            }

            model.AddObjects(script, new TSqlObjectOptions());
        }

        var errors = model.Validate().Where(m => m.MessageType == DacMessageType.Error).ToList();
        Assert.True(errors.Count == 0, "The live copy is invalid: " + string.Join("; ", errors.Take(5).Select(e => e.Message)));
        var path = Path.Combine(directory, "live.dacpac");
        DacPackageExtensions.BuildPackage(path, model, new PackageMetadata { Name = "PlatformDb", Version = "1.3.0" });
        return path;
    }

    private static (HashSet<string> Operations, HashSet<string> Alerts) Read(string reportXml)
    {
        var xml = XDocument.Parse(reportXml);
        var operations = xml.Descendants().Where(e => e.Name.LocalName == "Operation").Select(e => (string?)e.Attribute("Name") ?? "")
            .Concat(xml.Descendants().Where(e => e.Name.LocalName == "Item").Select(e => (string?)e.Attribute("Value") ?? ""))
            .ToHashSet(StringComparer.Ordinal);
        var alerts = xml.Descendants().Where(e => e.Name.LocalName == "Alert").Select(e => (string?)e.Attribute("Name") ?? "").ToHashSet(StringComparer.Ordinal);
        return (operations, alerts);
    }

    [GeneratedRegex(@"FOR VALUES \([^)]*\)")]
    private static partial Regex BoundaryList();

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pdb-bounds-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
