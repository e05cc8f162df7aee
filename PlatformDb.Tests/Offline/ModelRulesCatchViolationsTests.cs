using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>Each model rule flags a small model that breaks it, so a green convention test means something.</summary>
public sealed class ModelRulesCatchViolationsTests
{
    private const string Schema = "CREATE SCHEMA [app];";

    [Fact]
    public void Secret_rule_flags_a_plaintext_secret_column()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            "CREATE TABLE [app].[Client] ([ClientId] INT NOT NULL CONSTRAINT [PK_Client] PRIMARY KEY, [ClientSecret] NVARCHAR(100) NOT NULL);");

        var violations = ModelRules.SecretLookingTextColumns(catalog).ToList();

        Assert.Equal(["app.Client.ClientSecret looks like a secret stored as nvarchar(100)"], violations);
    }

    [Fact]
    public void Secret_rule_accepts_a_phc_hash_with_its_shape_checked()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            """
            CREATE TABLE [app].[Login] ([LoginId] INT NOT NULL CONSTRAINT [PK_Login] PRIMARY KEY,
              [PasswordHash] VARCHAR(255) NOT NULL CONSTRAINT [CK_Login_PasswordHashIsPhc] CHECK ([PasswordHash] LIKE '$argon2id$%'));
            """);

        Assert.Empty(ModelRules.SecretLookingTextColumns(catalog));
    }

    [Fact]
    public void Foreign_key_rule_flags_a_key_without_an_index()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            "CREATE TABLE [app].[Parent] ([ParentId] INT NOT NULL CONSTRAINT [PK_Parent] PRIMARY KEY);",
            """
            CREATE TABLE [app].[Child] ([ChildId] INT NOT NULL CONSTRAINT [PK_Child] PRIMARY KEY, [ParentId] INT NOT NULL
              CONSTRAINT [FK_Child_Parent] FOREIGN KEY REFERENCES [app].[Parent] ([ParentId]));
            """);

        var violation = Assert.Single(ModelRules.UnindexedForeignKeys(catalog));

        Assert.Contains("FK_Child_Parent", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_rules_flag_system_named_and_misnamed_constraints()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            """
            CREATE TABLE [app].[Thing] ([ThingId] INT NOT NULL CONSTRAINT [PK_Things] PRIMARY KEY,
              [Size] INT NOT NULL CHECK ([Size] > 0), [Color] VARCHAR(10) NOT NULL CONSTRAINT [DF_Color] DEFAULT ('red'));
            """);

        Assert.Equal(["app.Thing has a system-named check"], ModelRules.SystemNamedObjects(catalog));
        Assert.Equal(
            ["app.Thing: primary key PK_Things should be PK_Thing", "app.Thing: default DF_Color should be DF_Thing_Color"],
            ModelRules.NamesBreakingConvention(catalog));
    }

    [Fact]
    public void Description_rule_names_each_undocumented_table_and_column()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            "CREATE TABLE [app].[Note] ([NoteId] INT NOT NULL CONSTRAINT [PK_Note] PRIMARY KEY, [Body] NVARCHAR(100) NULL);",
            "EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'A note.', @level0type = N'SCHEMA', @level0name = N'app', @level1type = N'TABLE', @level1name = N'Note';",
            "EXECUTE sp_addextendedproperty @name = N'MS_Description', @value = N'Key.', @level0type = N'SCHEMA', @level0name = N'app', @level1type = N'TABLE', @level1name = N'Note', @level2type = N'COLUMN', @level2name = N'NoteId';");

        Assert.Equal(["app.Note.Body has no MS_Description"], ModelRules.MissingDescriptions(catalog));
    }

    [Fact]
    public void Soft_delete_rule_flags_a_live_index_without_its_filter()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            """
            CREATE TABLE [app].[Org] ([OrgId] INT NOT NULL CONSTRAINT [PK_Org] PRIMARY KEY, [Slug] VARCHAR(20) NOT NULL,
              [CreatedAt] DATETIME2(3) NOT NULL, [DeletedAt] DATETIME2(3) NULL,
              CONSTRAINT [CK_Org_DeletedAfterCreated] CHECK ([DeletedAt] IS NULL OR [DeletedAt] >= [CreatedAt]));
            """,
            "CREATE UNIQUE INDEX [UQ_Org_Slug_Live] ON [app].[Org] ([Slug]);");

        var violation = Assert.Single(ModelRules.SoftDeleteViolations(catalog), v => v.StartsWith("app.Org", StringComparison.Ordinal));

        Assert.Contains("UQ_Org_Slug_Live must be unique and filtered", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_and_time_rules_flag_float_prices_and_local_clocks()
    {
        var catalog = InMemoryModel.Catalog(Schema,
            """
            CREATE TABLE [app].[Price] ([PriceId] INT NOT NULL CONSTRAINT [PK_Price] PRIMARY KEY, [UnitPrice] FLOAT NOT NULL,
              [CreatedAt] DATETIME NOT NULL CONSTRAINT [DF_Price_CreatedAt] DEFAULT (GETDATE()));
            """);

        Assert.Single(ModelRules.FloatingPointColumns(catalog));
        Assert.Single(ModelRules.MoneyColumnsNotDecimal(catalog));
        Assert.Equal(2, ModelRules.TimeColumnViolations(catalog).Count());
    }
}
