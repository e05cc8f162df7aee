using System.CommandLine;
using PlatformDb.Cli;
using PlatformDb.Cli.Commands;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Service;

namespace PlatformDb.Tests.Offline.Service;

/// <summary>`platformdb smoke` offline: its defaults, its step lines and the budget rule (the unreachable case is in CliDatabaseCommandTests).</summary>
public sealed class SmokeCommandTests
{
    [Fact]
    public void Without_options_or_variables_smoke_signs_in_with_the_dev_credentials()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable(SmokeCredentials.PasswordVariable) is { Length: > 0 }
                        || Environment.GetEnvironmentVariable(SmokeCredentials.ApiKeyVariable) is { Length: > 0 },
            "PLATFORMDB_SMOKE_* is set in this environment.");

        var credentials = Parse("smoke");

        Assert.Equal(new SmokeCredentials(SmokeCredentials.DevEmail, SmokeCredentials.DevPassword, SmokeCredentials.DevApiKey), credentials);
    }

    [Fact]
    public void Options_win_over_everything()
    {
        var credentials = Parse("smoke", "--email", "a@example.com", "--password", "p", "--api-key", "pdb_x_k");

        Assert.Equal(new SmokeCredentials("a@example.com", "p", "pdb_x_k"), credentials);
    }

    [Fact]
    public void A_variable_wins_over_the_dev_value_and_an_option_over_the_variable()
    {
        var variable = "PLATFORMDB_TEST_" + Guid.NewGuid().ToString("N");
        Assert.Equal("dev", SmokeCredentials.Resolve(null, variable, "dev"));
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            Assert.Equal("from-env", SmokeCredentials.Resolve(null, variable, "dev"));
            Assert.Equal("from-env", SmokeCredentials.Resolve("", variable, "dev"));
            Assert.Equal("given", SmokeCredentials.Resolve("given", variable, "dev"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void The_credentials_print_without_their_secrets()
    {
        var text = new SmokeCredentials("dev@example.com", "hunter2", "pdb_dev_0001_secretpart").ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secretpart", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_line_is_ok_then_the_milliseconds_then_the_step()
    {
        Assert.Equal("ok   12 ms  login dev@example.com", SmokeCommand.Line(new SmokeStep("login dev@example.com", 12)));
    }

    [Fact]
    public void Smoke_is_listed_in_the_help()
    {
        Assert.Contains(CliApp.BuildRoot().Subcommands, c => c.Name == "smoke");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("test")]
    public void Dev_and_test_databases_pass_the_environment_guard(string environment)
    {
        Assert.Equal(environment, ServiceSmoke.RequireDevOrTest("db1/PlatformDb", 1, environment));
    }

    [Theory]
    [InlineData(1, "prod", "is recorded as 'prod'")]
    [InlineData(1, "staging", "is recorded as 'staging'")]
    [InlineData(1, "DEV", "is recorded as 'DEV'")]
    [InlineData(1, null, "is recorded as ''")]
    [InlineData(0, null, "has 0 rows in ops.DatabaseEnvironment")]
    [InlineData(2, "dev", "has 2 rows in ops.DatabaseEnvironment")]
    [InlineData(-1, null, "has no ops.DatabaseEnvironment table")]
    public void Any_other_record_is_refused_saying_what_was_found(int rows, string? environment, string found)
    {
        var error = Assert.Throws<RefusedException>(() => ServiceSmoke.RequireDevOrTest("db1/PlatformDb", rows, environment));

        Assert.Contains($"db1/PlatformDb {found}", error.Message, StringComparison.Ordinal);
        Assert.Contains("dev or test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_is_exit_code_3()
    {
        var error = Assert.Throws<RefusedException>(() => ServiceSmoke.RequireDevOrTest("db1/PlatformDb", 1, "prod"));

        Assert.Equal(ExitCodes.Refused, ErrorReporter.Describe(error).Code);
    }

    [Fact]
    public void Budgets_that_grew_by_the_cost_and_tokens_pass()
    {
        ServiceSmoke.CheckBudgets(
            new Dictionary<int, BudgetSpend> { [1] = new(1.5m, 100), [2] = new(0m, 0) },
            new Dictionary<int, BudgetSpend> { [1] = new(1.500012m, 115), [2] = new(0.000012m, 15) },
            new BudgetSpend(0.000012m, 15));
    }

    [Fact]
    public void A_budget_of_a_new_period_counts_from_zero()
    {
        ServiceSmoke.CheckBudgets(new Dictionary<int, BudgetSpend>(), new Dictionary<int, BudgetSpend> { [7] = new(0.000012m, 15) }, new BudgetSpend(0.000012m, 15));
    }

    [Theory]
    [InlineData(1.5, 115, "budget 1 spent 1.5 USD / 100 tokens -> 1.5 USD / 115 tokens")]
    [InlineData(1.500024, 115, "expected it to grow by the request's 0.000012 USD / 15 tokens")]
    [InlineData(1.500012, 100, "expected it to grow by the request's 0.000012 USD / 15 tokens")]
    public void A_budget_that_did_not_grow_by_the_request_fails_naming_it(double amountAfter, long tokensAfter, string message)
    {
        var error = Assert.Throws<SmokeFailedException>(() => ServiceSmoke.CheckBudgets(
            new Dictionary<int, BudgetSpend> { [1] = new(1.5m, 100) },
            new Dictionary<int, BudgetSpend> { [1] = new((decimal)amountAfter, tokensAfter) },
            new BudgetSpend(0.000012m, 15)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_budget_at_all_fails()
    {
        var error = Assert.Throws<SmokeFailedException>(() =>
            ServiceSmoke.CheckBudgets(new Dictionary<int, BudgetSpend>(), new Dictionary<int, BudgetSpend>(), new BudgetSpend(1m, 1)));

        Assert.Contains("no budget", error.Message, StringComparison.Ordinal);
    }

    private static SmokeCredentials Parse(params string[] args)
    {
        var root = CliApp.BuildRoot();
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var smoke = root.Subcommands.Single(c => c.Name == "smoke");
        return SmokeCommand.Credentials(parse,
            smoke.Options.OfType<Option<string>>().Single(o => o.Name == "--email"),
            smoke.Options.OfType<Option<string?>>().Single(o => o.Name == "--password"),
            smoke.Options.OfType<Option<string?>>().Single(o => o.Name == "--api-key"));
    }
}
