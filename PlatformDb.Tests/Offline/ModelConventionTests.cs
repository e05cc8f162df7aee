using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>The built dacpac obeys the conventions of docs/conventions.md.</summary>
[Collection(DacpacModelCollection.Name)]
public sealed class ModelConventionTests(DacpacModelFixture fixture)
{
    [Fact]
    public void Dacpac_targets_sql_server_2022() =>
        Assert.Equal(SqlServerVersion.Sql160, fixture.Model.Version);

    [Fact]
    public void Model_holds_every_entity_of_the_foundation()
    {
        string[] expected =
        [
            "tenancy.Organization", "tenancy.Membership", "identity.User", "identity.UserCredential", "identity.ApiKey",
            "catalog.Provider", "catalog.Model", "catalog.ModelPrice", "billing.Budget", "billing.BudgetPeriodUsage",
            "audit.AuditEvent", "ops.DeploymentHistory",
        ];

        Assert.Empty(expected.Except(fixture.Catalog.Tables.Select(t => t.FullName), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_table_has_a_primary_key() =>
        Assert.Empty(ModelRules.TablesWithoutPrimaryKey(fixture.Catalog));

    [Fact]
    public void Every_table_and_column_has_a_description() =>
        Assert.Empty(ModelRules.MissingDescriptions(fixture.Catalog));

    [Fact]
    public void No_constraint_or_index_is_system_named() =>
        Assert.Empty(ModelRules.SystemNamedObjects(fixture.Catalog));

    [Fact]
    public void Constraint_and_index_names_follow_the_convention() =>
        Assert.Empty(ModelRules.NamesBreakingConvention(fixture.Catalog));

    [Fact]
    public void Every_foreign_key_has_a_supporting_index() =>
        Assert.Empty(ModelRules.UnindexedForeignKeys(fixture.Catalog));

    [Fact]
    public void Rows_that_history_points_to_are_soft_deleted_and_unique_among_live_rows() =>
        Assert.Empty(ModelRules.SoftDeleteViolations(fixture.Catalog));

    [Fact]
    public void No_column_that_looks_like_a_secret_holds_text() =>
        Assert.Empty(ModelRules.SecretLookingTextColumns(fixture.Catalog));

    [Fact]
    public void Money_is_decimal_and_nothing_is_floating_point()
    {
        Assert.Empty(ModelRules.FloatingPointColumns(fixture.Catalog));
        Assert.Empty(ModelRules.MoneyColumnsNotDecimal(fixture.Catalog));
    }

    [Fact]
    public void Points_in_time_are_utc_datetime2() =>
        Assert.Empty(ModelRules.TimeColumnViolations(fixture.Catalog));

    [Fact]
    public void Edited_rows_carry_a_rowversion() =>
        Assert.Empty(ModelRules.EditedTablesWithoutRowVersion(fixture.Catalog));

    [Fact]
    public void Dbo_schema_stays_empty() =>
        Assert.Empty(ModelRules.ObjectsInDbo(fixture.Catalog));

    [Fact]
    public void Api_key_hash_is_a_32_byte_binary_checked_for_length()
    {
        var apiKey = fixture.Catalog.Table("identity.ApiKey");

        var hash = apiKey.Column("KeyHash");

        Assert.NotNull(hash);
        Assert.Contains(hash.TypeName, new[] { "binary(32)", "varbinary(32)" });
        Assert.False(hash.Nullable);
        Assert.Contains(apiKey.Checks, c => c.Name == "CK_ApiKey_KeyHashIs32Bytes" && c.Expression.Contains("32", StringComparison.Ordinal));
        Assert.Contains(apiKey.Indexes, i => i.Unique && i.Columns.SequenceEqual(["KeyHash"]));
    }

    [Fact]
    public void Password_is_stored_only_as_a_phc_hash_string()
    {
        var credential = fixture.Catalog.Table("identity.UserCredential");

        var passwordColumns = credential.Columns.Where(c => c.Name.Contains("Password", StringComparison.OrdinalIgnoreCase)
                                                            && c.BaseType is "char" or "varchar" or "nchar" or "nvarchar").ToList();

        var column = Assert.Single(passwordColumns);
        Assert.Equal("PasswordHash", column.Name);
        Assert.Contains(credential.Checks, c => c.Name == "CK_UserCredential_PasswordHashIsPhc");
    }

    [Fact]
    public void Budget_consumption_is_keyed_by_budget_and_period()
    {
        var usage = fixture.Catalog.Table("billing.BudgetPeriodUsage");

        Assert.Equal(["BudgetId", "PeriodStart"], usage.PrimaryKey!.Columns);
        Assert.Contains(usage.Checks, c => c.Name == "CK_BudgetPeriodUsage_SpentAmountNonNegative");
    }

    [Fact]
    public void Indexing_doc_explains_every_index_and_unique_key()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Docs, "indexing.md"));

        var missing = fixture.Catalog.Tables
            .SelectMany(t => t.Indexes.Select(i => i.Name))
            .OfType<string>()
            .Where(name => !doc.Contains($"`{name}", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "docs/indexing.md does not explain: " + string.Join(", ", missing));
    }
}
