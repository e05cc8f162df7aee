using PlatformDb.Cli.Plans;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>What a plan lists as kept: only what it really leaves in place.</summary>
public sealed class PlanDescriberTests
{
    [Fact]
    public void An_extended_property_the_plan_drops_with_its_column_is_not_listed_as_kept()
    {
        StartOnlyObject[] onlyInStart =
        [
            new("[SqlColumn].[ops].[DeploymentHistory].[Status].[MS_Description]", "ExtendedProperty", null),
            new("[ops].[Kept]", "Table", null),
        ];
        var drops = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "[ops].[DeploymentHistory].[Status].[MS_Description]" };

        var kept = PlanDescriber.Kept(onlyInStart, drops).Select(o => o.Name).ToList();

        Assert.Equal(["[ops].[Kept]"], kept);
    }

    [Theory]
    [InlineData("[SqlColumn].[ops].[T].[C].[MS_Description]", "[ops].[T].[C].[MS_Description]")]
    [InlineData("[SqlTable].[ops].[T].[MS_Description]", "[ops].[T].[MS_Description]")]
    [InlineData("[ops].[T]", "[ops].[T]")]
    public void Model_names_map_to_the_names_a_deploy_report_uses(string modelName, string reportName) =>
        Assert.Equal(reportName, PlanDescriber.ReportName(modelName));
}
