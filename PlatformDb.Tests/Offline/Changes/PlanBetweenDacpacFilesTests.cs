using System.Text.Json;
using PlatformDb.Cli;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>
/// `plan` between plain .dacpac files (no manifests, no checkout needed): the caller picks the intent, nothing that
/// differs is hidden, and undeclared data loss exits 4.
/// </summary>
public sealed class PlanBetweenDacpacFilesTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("platformdb-foreign-").FullName;
    private readonly string v1;
    private readonly string v2;

    public PlanBetweenDacpacFilesTests()
    {
        v1 = TestDacpacs.Build(scratch, "shop-1.dacpac", "ShopDb", File.ReadAllText(Path.Combine(RepoPaths.TestData, "Plans", "Shop_v1.sql")));
        v2 = TestDacpacs.Build(scratch, "shop-2.dacpac", "ShopDb", File.ReadAllText(Path.Combine(RepoPaths.TestData, "Plans", "Shop_v2.sql")));
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Without_intent_a_plan_between_plain_dacpacs_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("pass --intent apply", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task An_intent_that_contradicts_the_version_order_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("plan", "--from", "1.1.0", "--to", "1.0.0", "--intent", "apply");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("a rollback by version order", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_lists_the_objects_it_keeps_and_the_option_that_would_drop_them()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2, "--intent", "apply", "--json");

        using var json = JsonDocument.Parse(result.Output);
        var kept = json.RootElement.GetProperty("keptObjects").EnumerateArray().ToList();
        var table = Assert.Single(kept);
        Assert.Equal("[dbo].[AuditTrail]", table.GetProperty("name").GetString());
        Assert.Contains("DropObjectsNotInSource", table.GetProperty("droppedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal("--intent", json.RootElement.GetProperty("intent").GetProperty("chosenBy").GetString());
    }

    [Fact]
    public async Task Rollback_drops_what_apply_keeps()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2, "--intent", "rollback", "--json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.Empty(json.RootElement.GetProperty("keptObjects").EnumerateArray());
        Assert.Contains(json.RootElement.GetProperty("operations").EnumerateArray(),
            o => o.GetProperty("operation").GetString() == "Drop" && o.GetProperty("object").GetString() == "[dbo].[AuditTrail]");
    }

    [Fact]
    public async Task Undeclared_data_loss_exits_4_and_marks_each_alert_unexpected_with_its_reason()
    {
        var output = Path.Combine(scratch, "plan");

        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2, "--intent", "apply", "--out", output);

        Assert.Equal(ExitCodes.UndeclaredDataLoss, result.ExitCode);
        Assert.Contains("[UNEXPECTED] DataIssue: The column [dbo].[Customer].[LegacyCode] is being dropped", result.Output, StringComparison.Ordinal);
        Assert.Contains("Reason: no manifest declares it", result.Output, StringComparison.Ordinal);
        foreach (var file in new[] { "deploy.sql", "report.xml", "summary.txt", "plan.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
    }

    [Fact]
    public async Task Altered_tables_list_added_dropped_and_changed_columns()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2, "--intent", "apply", "--json");

        using var json = JsonDocument.Parse(result.Output);
        var customer = Assert.Single(json.RootElement.GetProperty("alteredTables").EnumerateArray());
        Assert.Equal("[dbo].[Customer]", customer.GetProperty("table").GetString());
        Assert.Equal("Email", Assert.Single(customer.GetProperty("added").EnumerateArray()).GetProperty("column").GetString());
        var dropped = Assert.Single(customer.GetProperty("dropped").EnumerateArray());
        Assert.Equal(("LegacyCode", "varchar(10) NULL"), (dropped.GetProperty("column").GetString(), dropped.GetProperty("before").GetString()));
        var changed = Assert.Single(customer.GetProperty("changed").EnumerateArray());
        Assert.Equal(("nvarchar(100) NOT NULL", "nvarchar(200) NOT NULL"), (changed.GetProperty("before").GetString(), changed.GetProperty("after").GetString()));
    }

    [Fact]
    public async Task Permission_targets_come_from_the_script()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v1, "--to", v2, "--intent", "apply");

        Assert.Contains("GRANT EXECUTE ON OBJECT::[dbo].[GetCustomer] TO [shop_app]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_with_no_difference_says_so_and_exits_0()
    {
        var result = await CliRunner.RunAsync("plan", "--from", v2, "--to", v2, "--intent", "apply");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("(apply): 0 operation(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("No changes: the plan has zero operations", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_plan_works_outside_a_checkout_and_names_the_dacpacs_database()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(scratch, "elsewhere")).FullName;
        var output = Path.Combine(elsewhere, "plan");

        var result = await TestDacpacs.RunCliProcessAsync(elsewhere, "plan", "--from", v1, "--to", v2, "--intent", "rollback", "--out", output);

        Assert.True(result.ExitCode == ExitCodes.UndeclaredDataLoss, result.Error);
        var script = await File.ReadAllTextAsync(Path.Combine(output, "deploy.sql"), TestContext.Current.CancellationToken);
        Assert.Contains(":setvar DatabaseName \"ShopDb\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PlatformDb", script, StringComparison.Ordinal);
    }
}
