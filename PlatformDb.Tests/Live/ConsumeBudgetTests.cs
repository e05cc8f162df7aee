using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Live;

/// <summary>
/// billing.ConsumeBudget against a real server. Without a caller's transaction the procedure runs its own, so most of
/// these tests commit: each one works on a budget of a new organization, and the database is dropped after the run.
/// The tests with a caller's transaction check that a refusal undoes only the procedure's own work.
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
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 100m, 1000, alertThreshold: null, hardStop: true, ct);

        var first = await ConsumeAsync(organizationId, budgetId, 10m, 100, ct);
        var second = await ConsumeAsync(organizationId, budgetId, 15.5m, 250, ct);

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
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, limitAmount: null, limitTokens: 1000, alertThreshold: null, hardStop: true, ct);

        var result = await ConsumeAsync(organizationId, budgetId, 1m, 10, ct);

        Assert.Null(result.RemainingAmount);
        Assert.Equal(990, result.RemainingTokens);
    }

    [Fact]
    public async Task The_alert_is_raised_exactly_once_by_the_call_that_crosses_the_threshold()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 100m, limitTokens: null, alertThreshold: 0.5m, hardStop: true, ct);

        var below = await ConsumeAsync(organizationId, budgetId, 40m, 1, ct);
        var crossing = await ConsumeAsync(organizationId, budgetId, 20m, 1, ct);
        var after = await ConsumeAsync(organizationId, budgetId, 10m, 1, ct);

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
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);
        await ConsumeAsync(organizationId, budgetId, 8m, 1, ct);

        var refused = await Assert.ThrowsAsync<SqlException>(() => ConsumeAsync(organizationId, budgetId, 5m, 1, ct));

        Assert.Equal(50202, refused.Number);
        Assert.Equal(8m, await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task A_hard_stop_budget_accepts_consumption_up_to_exactly_the_limit()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);

        var result = await ConsumeAsync(organizationId, budgetId, 10m, 1, ct);

        Assert.Equal(0m, result.RemainingAmount);
    }

    [Fact]
    public async Task A_soft_budget_lets_consumption_through_past_the_limit()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 10m, limitTokens: null, alertThreshold: null, hardStop: false, ct);

        var result = await ConsumeAsync(organizationId, budgetId, 15m, 1, ct);

        Assert.Equal(-5m, result.RemainingAmount);
        Assert.Equal(15m, await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task A_budget_of_another_organization_is_refused_with_50201_like_a_missing_one_and_records_nothing()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var owner = await rows.OrganizationAsync(ct);
        var other = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(owner, 100m, limitTokens: null, alertThreshold: null, hardStop: true, ct);

        var refused = await Assert.ThrowsAsync<SqlException>(() => ConsumeAsync(other, budgetId, 1m, 1, ct));
        var missing = await Assert.ThrowsAsync<SqlException>(() => ConsumeAsync(other, -1, 1m, 1, ct));

        Assert.Equal(50201, refused.Number);
        Assert.Equal($"Budget {budgetId} does not exist, is deleted or belongs to another organization.", refused.Message);
        Assert.Equal(50201, missing.Number);
        Assert.Null(await SpentAmountAsync(rows, budgetId, ct));
    }

    /// <summary>Also with the caller's session under XACT_ABORT ON: the refusal is thrown where the procedure set it OFF.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_inside_the_callers_transaction_keeps_the_callers_rows_and_the_transaction_open(bool callerXactAbort)
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);
        await ConsumeAsync(organizationId, budgetId, 8m, 1, ct);
        var slug = "t-" + Guid.NewGuid().ToString("N")[..12];

        // Unpooled: the session's SET XACT_ABORT must not leak into other tests.
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(fixture.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        if (callerXactAbort)
        {
            await using var set = new SqlCommand("SET XACT_ABORT ON;", connection);
            await set.ExecuteNonQueryAsync(ct);
        }

        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        await using (var insert = new SqlCommand(
            "INSERT INTO [tenancy].[Organization] ([Slug], [DisplayName]) VALUES (@Slug, N'Caller row');", connection, transaction))
        {
            insert.Parameters.Add("@Slug", SqlDbType.VarChar, 63).Value = slug;
            await insert.ExecuteNonQueryAsync(ct);
        }

        var refused = await Assert.ThrowsAsync<SqlException>(
            () => ExecuteConsumeAsync(connection, transaction, "[billing].[ConsumeBudget]", organizationId, budgetId, 5m, 1, occurredAt: null, ct));
        var tranCount = await ScalarAsync<int>(connection, transaction, "SELECT @@TRANCOUNT;", ct);
        var callerRows = await ScalarAsync<int>(connection, transaction, "SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [Slug] = @Slug;", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = slug });
        await transaction.CommitAsync(ct);

        Assert.Equal(50202, refused.Number);
        Assert.Equal(1, tranCount);
        Assert.Equal(1, callerRows);
        Assert.Equal(1, await rows.ScalarAsync<int>("SELECT COUNT(*) FROM [tenancy].[Organization] WHERE [Slug] = @Slug;", ct,
            new SqlParameter("@Slug", SqlDbType.VarChar, 63) { Value = slug }));
        Assert.Equal(8m, await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task A_consumption_inside_the_callers_transaction_is_undone_when_the_caller_rolls_back()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.BudgetAsync(organizationId, 10m, limitTokens: null, alertThreshold: null, hardStop: true, ct);

        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        var inside = await ExecuteConsumeAsync(connection, transaction, "[billing].[ConsumeBudget]", organizationId, budgetId, 4m, 1, occurredAt: null, ct);
        var tranCount = await ScalarAsync<int>(connection, transaction, "SELECT @@TRANCOUNT;", ct);
        await transaction.RollbackAsync(ct);

        Assert.Equal(6m, inside.RemainingAmount);
        Assert.Equal(1, tranCount);
        Assert.Null(await SpentAmountAsync(rows, budgetId, ct));
    }

    [Fact]
    public async Task Tests_set_the_clock_through_the_internal_ConsumeBudgetAt()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var rows = new LiveRows(fixture.ConnectionString);
        var organizationId = await rows.OrganizationAsync(ct);
        var budgetId = await rows.ScalarAsync<int>(
            """
            INSERT INTO [billing].[Budget] ([OrganizationId], [ScopeType], [Period], [LimitAmount], [HardStop])
            VALUES (@OrganizationId, 'organization', 'monthly', 100, 1);
            SELECT CAST(SCOPE_IDENTITY() AS INT);
            """,
            ct,
            new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });

        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(ct);
        await ExecuteConsumeAsync(connection, null, "[billing].[ConsumeBudgetAt]", organizationId, budgetId, 1m, 1, new DateTime(2026, 1, 15, 12, 0, 0), ct);

        Assert.Equal(new DateTime(2026, 1, 1), await rows.ScalarAsync<DateTime>(
            "SELECT MIN([PeriodStart]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;", ct,
            new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId }));
    }

    private async Task<Consumption> ConsumeAsync(int organizationId, int budgetId, decimal amount, long tokens, CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await ExecuteConsumeAsync(connection, null, "[billing].[ConsumeBudget]", organizationId, budgetId, amount, tokens, occurredAt: null, cancellationToken);
    }

    private static async Task<Consumption> ExecuteConsumeAsync(
        SqlConnection connection, SqlTransaction? transaction, string procedure, int organizationId, int budgetId, decimal amount, long tokens,
        DateTime? occurredAt, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(procedure, connection, transaction) { CommandType = CommandType.StoredProcedure };
        command.Parameters.Add(new SqlParameter("@OrganizationId", SqlDbType.Int) { Value = organizationId });
        command.Parameters.Add(new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId });
        command.Parameters.Add(new SqlParameter("@Amount", SqlDbType.Decimal) { Precision = 19, Scale = 6, Value = amount });
        command.Parameters.Add(new SqlParameter("@Tokens", SqlDbType.BigInt) { Value = tokens });
        if (occurredAt is not null)
        {
            command.Parameters.Add(new SqlParameter("@OccurredAt", SqlDbType.DateTime2) { Scale = 3, Value = occurredAt.Value });
        }

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

    private static async Task<T> ScalarAsync<T>(
        SqlConnection connection, SqlTransaction transaction, string sql, CancellationToken cancellationToken, params SqlParameter[] parameters)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<decimal?> SpentAmountAsync(LiveRows rows, int budgetId, CancellationToken cancellationToken) =>
        await rows.ScalarAsync<decimal?>(
            "SELECT SUM([SpentAmount]) FROM [billing].[BudgetPeriodUsage] WHERE [BudgetId] = @BudgetId;",
            cancellationToken,
            new SqlParameter("@BudgetId", SqlDbType.Int) { Value = budgetId });
}
