using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Tests.Offline.Changes;

public sealed class DataLossGateTests
{
    private static readonly PlanAlert DroppedScopes = new("DataIssue", "The table [identity].[ApiKeyScope] is being dropped, data loss could occur.");
    private static readonly PlanAlert DroppedColumn = new("DataIssue", "The column [identity].[User].[Email] is being dropped, data loss could occur.");
    private static readonly PlanAlert Motion = new("DataMotion", "The table [x].[y] is being rebuilt.");

    [Fact]
    public void A_plan_without_data_loss_proceeds_with_the_row_guard_on()
    {
        var decision = DataLossGate.Evaluate(Report(Motion), [], allowDataLoss: false);

        Assert.True(decision.Proceed);
        Assert.True(decision.BlockOnPossibleDataLoss);
    }

    [Fact]
    public void Alerts_the_manifest_expects_proceed_with_the_row_guard_lifted()
    {
        var decision = DataLossGate.Evaluate(Report(DroppedScopes), [DroppedScopes], allowDataLoss: false);

        Assert.True(decision.Proceed);
        Assert.False(decision.BlockOnPossibleDataLoss);
        Assert.Empty(decision.Unexpected);
    }

    [Fact]
    public void An_unexpected_alert_is_refused_and_named()
    {
        var decision = DataLossGate.Evaluate(Report(DroppedScopes, DroppedColumn), [DroppedScopes], allowDataLoss: false);

        Assert.False(decision.Proceed);
        Assert.Equal([DroppedColumn], decision.Unexpected);
        Assert.Contains("--allow-data-loss", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_data_loss_lets_an_unexpected_alert_through()
    {
        var decision = DataLossGate.Evaluate(Report(DroppedColumn), [], allowDataLoss: true);

        Assert.True(decision.Proceed);
        Assert.False(decision.BlockOnPossibleDataLoss);
    }

    [Fact]
    public void Deploy_report_xml_is_read_into_alerts_and_operations()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <DeploymentReport xmlns="http://schemas.microsoft.com/sqlserver/dac/DeployReport/2012/02">
              <Alerts><Alert Name="DataIssue"><Issue Value="The column [a].[b].[c] is being dropped, data loss could occur." Id="1" /></Alert></Alerts>
              <Operations><Operation Name="Drop"><Item Value="[a].[b].[c]" Type="SqlSimpleColumn" /></Operation>
              <Operation Name="Create"><Item Value="[a].[d]" Type="SqlTable" /><Item Value="[a].[e]" Type="SqlProcedure" /></Operation></Operations>
            </DeploymentReport>
            """;

        var report = DeployReport.Parse(xml);

        Assert.Equal([new PlanAlert("DataIssue", "The column [a].[b].[c] is being dropped, data loss could occur.")], report.Alerts);
        Assert.Equal(["Drop [a].[b].[c] (SqlSimpleColumn)", "Create [a].[d] (SqlTable)", "Create [a].[e] (SqlProcedure)"],
            report.Operations.Select(o => o.ToString()));
    }

    private static DeployReport Report(params PlanAlert[] alerts) => new(alerts, [new PlanOperation("Create", "[a].[b]", "SqlTable")], "<x/>");
}
