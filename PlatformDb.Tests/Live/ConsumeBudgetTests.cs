using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// billing.ConsumeBudget against a real server. The procedure runs its own transaction under XACT_ABORT, so these
/// tests commit: each one works on a budget of a new organization, and the database is dropped after the run.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class ConsumeBudgetTests(LiveDatabaseFixture fixture)
{
    private sealed record Consumption(decimal? RemainingAmount, long? RemainingTokens, bool AlertRaised);

    [Fact]
    public async Task Consumption_accumulates_and_the_remaining_amounts_shrink_by_each_call()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), 100m, 1000, alertThreshold: null, hardStop: true, ct);

        var first = await ConsumeAsync(budgetId, 10m, 100, ct);
        var second = await ConsumeAsync(budgetId, 15.5m, 250, ct);

        Assert.Equal(new Consumption(90m, 900, false), first);
        Assert.Equal(new Consumption(74.5m, 650, false), second);
        Assert.Equal(25.5m, await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task Remaining_amount_is_null_for_a_budget_without_that_limit()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), limitAmount: null, limitTokens: 1000, alertThreshold: null, hardStop: true, ct);

        var result = await ConsumeAsync(budgetId, 1m, 10, ct);

        Assert.Null(result.RemainingAmount);
        Assert.Equal(990, result.RemainingTokens);
    }

    [Fact]
    public async Task The_alert_is_raised_exactly_once_by_the_call_that_crosses_the_threshold()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), 100m, limitTokens: null, alertThreshold: 0.5m, hardStop: true, ct);

        var below = await ConsumeAsync(budgetId, 40m, 1, ct);
        var crossing = await ConsumeAsync(budgetId, 20m, 1, ct);
        var after = await ConsumeAsync(budgetId, 10m, 1, ct);

        Assert.False(below.AlertRaised);
        Assert.True(crossing.AlertRaised);
        Assert.False(after.AlertRaised);
        Assert.NotNull(await rows.ScalarAsync<DateTime?>(
            "SELECT MAX([AlertRaisedAt]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;",
            ct,
            new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId }));
    }

    [Fact]
    public async Task A_hard_stop_budget_refuses_with_50202_and_records_nothing()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);
        await ConsumeAsync(budgetId, 8m, 1, ct);

        var refused = await Assert.ThrowsAsync<SqlException>(() => ConsumeAsync(budgetId, 5m, 1, ct));

        Assert.Equal(50202, refused.Number);
        Assert.Equal(8m, await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task A_hard_stop_budget_accepts_consumption_up_to_exactly_the_limit()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);

        var result = await ConsumeAsync(budgetId, 10m, 1, ct);

        Assert.Equal(0m, result.RemainingAmount);
    }

    [Fact]
    public async Task A_soft_budget_lets_consumption_through_past_the_limit()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var budgetId = await rows.BudgetAsync(await rows.OrganizationAsync(ct), 10m, limitTokens: null, alertThreshold: null, hardStop: false, ct);

        var result = await ConsumeAsync(budgetId, 15m, 1, ct);

        Assert.Equal(-5m, result.RemainingAmount);
        Assert.Equal(15m, await SpentAmountAsync(rows, budgetId, ct));
    }

    private async Task<Consumption> ConsumeAsync(int budgetId, decimal amount, long tokens, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new SqlCommand("[billing].[ConsumeBudget]", connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId });
        command.Parameters.Add(new SqlParameter("@Amount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Value = amount });
        command.Parameters.Add(new SqlParameter("@Tokens", SqlDbType.BigInt) { Value = tokens });
        var remainingAmount = command.Parameters.Add(
            new SqlParameter("@RemainingAmount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Direction = ParameterDirection.Output });
        var remainingTokens = command.Parameters.Add(new SqlParameter("@RemainingTokens", SqlDbType.BigInt) { Direction = ParameterDirection.Output });
        var alertRaised = command.Parameters.Add(new SqlParameter("@AlertRaised", SqlDbType.Bit) { Direction = ParameterDirection.Output });

        await command.ExecuteNonQueryAsync(cancellationToken);

        return new Consumption(
            remainingAmount.Value is DBNull ? null : (decimal)remainingAmount.Value,
            remainingTokens.Value is DBNull ? null : (long)remainingTokens.Value,
            alertRaised.Value is bool raised && raised);
    }

    private static async Task<decimal?> SpentAmountAsync(LiveRows rows, int budgetId, CancellationToken cancellationToken) =>
        await rows.ScalarAsync<decimal?>(
            "SELECT SUM([SpentAmount]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;",
            cancellationToken,
            new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId });
}
