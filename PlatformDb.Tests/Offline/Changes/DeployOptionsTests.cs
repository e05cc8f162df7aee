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
    public void Every_publish_keeps_runtime_partition_boundaries_and_runs_its_schema_changes_in_one_transaction()
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
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_repository_profiles_keep_the_options_DacProfile_Load_would_drop(string name)
    {
        var options = PublishProfile.Load(PublishProfile.PathFor(RepoPaths.Root, name)).ApplyTo(new DacDeployOptions());

        Assert.Equal(300, options.CommandTimeout);
        Assert.Equal(0, options.LongRunningCommandTimeout);
        Assert.Equal(60, options.DatabaseLockTimeout);
        Assert.Equal([ObjectType.Users, ObjectType.Logins, ObjectType.DatabaseRoles, ObjectType.RoleMembership, ObjectType.Permissions], options.DoNotDropObjectTypes);
    }

    [Fact]
    public void Every_option_type_a_profile_may_carry_is_set_by_its_type()
    {
        var profile = Parse("""
            <BlockOnPossibleDataLoss>false</BlockOnPossibleDataLoss>
            <IgnoreColumnOrder>True</IgnoreColumnOrder>
            <CommandTimeout>1234</CommandTimeout>
            <LongRunningCommandTimeout>7200</LongRunningCommandTimeout>
            <DatabaseLockTimeout>15</DatabaseLockTimeout>
            <DoNotDropObjectTypes> Users; logins ;Permissions </DoNotDropObjectTypes>
            <ExcludeObjectTypes>Views</ExcludeObjectTypes>
            <AdditionalDeploymentContributorArguments>a=1;b=2</AdditionalDeploymentContributorArguments>
            <TargetDatabaseName>Ignored</TargetDatabaseName>
            <ProfileVersionNumber>1</ProfileVersionNumber>
            """, """<SqlCmdVariable Include="Environment"><Value>staging</Value></SqlCmdVariable>""");

        var options = profile.ApplyTo(new DacDeployOptions());

        Assert.False(options.BlockOnPossibleDataLoss);
        Assert.True(options.IgnoreColumnOrder);
        Assert.Equal(1234, options.CommandTimeout);
        Assert.Equal(7200, options.LongRunningCommandTimeout);
        Assert.Equal(15, options.DatabaseLockTimeout);
        Assert.Equal([ObjectType.Users, ObjectType.Logins, ObjectType.Permissions], options.DoNotDropObjectTypes);
        Assert.Equal([ObjectType.Views], options.ExcludeObjectTypes);
        Assert.Equal("a=1;b=2", options.AdditionalDeploymentContributorArguments);
        Assert.Equal("staging", options.SqlCommandVariableValues["Environment"]);
    }

    [Fact]
    public void Every_writable_bool_and_int_option_round_trips_through_a_profile()
    {
        var defaults = new DacDeployOptions();
        var properties = typeof(DacDeployOptions).GetProperties().Where(p => p.CanWrite && (p.PropertyType == typeof(bool) || p.PropertyType == typeof(int))).ToList();
        var xml = string.Concat(properties.Select(p => p.PropertyType == typeof(bool)
            ? $"<{p.Name}>{!(bool)p.GetValue(defaults)!}</{p.Name}>"
            : $"<{p.Name}>{(int)p.GetValue(defaults)! + 11}</{p.Name}>"));

        var options = Parse(xml).ApplyTo(new DacDeployOptions());

        Assert.True(properties.Count > 90, $"only {properties.Count} options");
        Assert.All(properties, p => Assert.NotEqual(p.GetValue(defaults), p.GetValue(options)));
    }

    [Theory]
    [InlineData("<BlockOnPossibleDataLos>True</BlockOnPossibleDataLos>", "<BlockOnPossibleDataLos> is not a DacFx deploy option")]
    [InlineData("<BlockOnPossibleDataLoss>yes</BlockOnPossibleDataLoss>", "<BlockOnPossibleDataLoss> 'yes' is not True or False")]
    [InlineData("<CommandTimeout>-1</CommandTimeout>", "<CommandTimeout> '-1' is not a whole number")]
    [InlineData("<CommandTimeout>soon</CommandTimeout>", "<CommandTimeout> 'soon' is not a whole number")]
    [InlineData("<DoNotDropObjectTypes>Users;Indexes</DoNotDropObjectTypes>", "<DoNotDropObjectTypes> 'Indexes' is not a DacFx object type")]
    [InlineData("<DoNotDropObjectTypes>7</DoNotDropObjectTypes>", "<DoNotDropObjectTypes> '7' is not a DacFx object type")]
    [InlineData("<TargetConnectionString>Server=x;Password=p</TargetConnectionString>", "<TargetConnectionString> holds a connection string")]
    [InlineData("<DatabaseSpecification>x</DatabaseSpecification>", "<DatabaseSpecification> has type")]
    public void A_profile_problem_is_one_line_naming_the_file_and_the_element(string properties, string message)
    {
        var error = Assert.Throws<Cli.Core.PlatformDbException>(() => Parse(properties));

        Assert.StartsWith("Publish profile test.publish.xml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=p", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_profile_item_other_than_a_sqlcmd_variable_is_refused()
    {
        var error = Assert.Throws<Cli.Core.PlatformDbException>(() => Parse("", "<Reference Include=\"x\" />"));

        Assert.Contains("<Reference> is not a known profile item", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlcmd_values_go_only_to_variables_the_package_declares()
    {
        var foreign = DeployOptionsFactory.Create(DeployIntent.Apply, new Dictionary<string, string> { ["Environment"] = "prod" }, declaredVariables: []);
        var ours = DeployOptionsFactory.Create(DeployIntent.Apply, new Dictionary<string, string> { ["Environment"] = "prod" }, ["environment", "SeedDevData"]);

        Assert.Empty(foreign.SqlCommandVariableValues);
        Assert.Equal("prod", ours.SqlCommandVariableValues["Environment"]);
        Assert.Equal("false", ours.SqlCommandVariableValues["SeedDevData"]);
    }

    private static PublishProfile Parse(string properties, string items = "") =>
        PublishProfile.Parse("test.publish.xml", System.Xml.Linq.XDocument.Parse(
            $"""<Project ToolsVersion="Current" xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><PropertyGroup>{properties}</PropertyGroup><ItemGroup>{items}</ItemGroup></Project>"""));

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
