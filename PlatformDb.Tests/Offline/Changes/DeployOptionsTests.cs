using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>The publish options and profiles keep the promises of docs/change-process.md.</summary>
public sealed class DeployOptionsTests
{
    [Theory]
    [InlineData(DeployIntent.Apply, false)]
    [InlineData(DeployIntent.Rollback, true)]
    [InlineData(DeployIntent.Drift, true)]
    public void Only_rollback_and_drift_drop_objects_the_dacpac_does_not_know(DeployIntent intent, bool drops)
    {
        var options = DeployOptionsFactory.Create(intent);

        Assert.Equal(drops, options.DropObjectsNotInSource);
        Assert.True(options.BlockOnPossibleDataLoss);
        Assert.Contains(ObjectType.Users, options.DoNotDropObjectTypes);
        Assert.Contains(ObjectType.Permissions, options.DoNotDropObjectTypes);
    }

    [Fact]
    public void Every_publish_keeps_runtime_partition_boundaries_and_runs_in_one_transaction()
    {
        var options = DeployOptionsFactory.Create(DeployIntent.Apply);

        Assert.True(options.IgnorePartitionSchemes);
        Assert.True(options.IncludeTransactionalScripts);
        Assert.False(options.GenerateSmartDefaults);
        Assert.False(options.ScriptDatabaseOptions);
        Assert.Equal("false", options.SqlCommandVariableValues["SeedDevData"]);
    }

    [Theory]
    [InlineData("dev", "dev", "true")]
    [InlineData("prod", "prod", "false")]
    public void Publish_profile_sets_its_environment_and_keeps_the_safe_options(string name, string environment, string seed)
    {
        var profile = PublishProfile.Load(PublishProfile.PathFor(RepoPaths.Root, name));

        var options = profile.ApplyTo(DeployOptionsFactory.Create(DeployIntent.Apply, profile.SqlCmdVariables));

        Assert.Equal(environment, options.SqlCommandVariableValues["Environment"]);
        Assert.Equal(seed, options.SqlCommandVariableValues["SeedDevData"]);
        Assert.True(options.BlockOnPossibleDataLoss);
        Assert.False(options.DropObjectsNotInSource);
        Assert.True(options.IgnorePartitionSchemes);
        Assert.True(options.IncludeTransactionalScripts);
    }

    [Fact]
    public void A_profile_only_overrides_the_options_it_names()
    {
        var path = Path.Combine(Path.GetTempPath(), $"min-{Guid.NewGuid():N}.publish.xml");
        File.WriteAllText(path, """
            <?xml version="1.0" encoding="utf-8"?>
            <Project ToolsVersion="Current" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup><IgnoreColumnOrder>False</IgnoreColumnOrder></PropertyGroup>
            </Project>
            """);
        try
        {
            var options = PublishProfile.Load(path).ApplyTo(DeployOptionsFactory.Create(DeployIntent.Apply));

            Assert.False(options.IgnoreColumnOrder);
            Assert.True(options.IgnorePartitionSchemes);
            Assert.True(options.IncludeTransactionalScripts);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("1.0.0", "v1.0.0", true)]
    [InlineData("v1.10.2", "v1.10.2", true)]
    [InlineData("1.0", "", false)]
    [InlineData("01.0.0", "", false)]
    [InlineData("1.0.0-beta", "", false)]
    public void Versions_parse_as_major_minor_patch(string text, string folder, bool valid)
    {
        var parsed = SemanticVersion.TryParse(text, out var version);

        Assert.Equal(valid, parsed);
        if (valid)
        {
            Assert.Equal(folder, version.FolderName);
        }
    }

    [Fact]
    public void Versions_order_numerically_not_alphabetically() =>
        Assert.True(SemanticVersion.Parse("1.10.0") > SemanticVersion.Parse("1.9.0"));
}
