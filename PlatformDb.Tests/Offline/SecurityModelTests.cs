using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// docs/security.md against the built model, both ways: the PII inventory names every character column and no other,
/// the permission review lists every permission statement and role membership and no other, the masks and the tenant
/// isolation policy are what the document says, and no role reads raw usage or, tenant-bound, a table without the policy.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class SecurityModelTests(DacpacModelFixture fixture)
{
    /// <summary>Tables under the tenant isolation policy (docs/security.md, "Tenant isolation").</summary>
    public static readonly string[] IsolatedTables =
        ["audit.AuditEvent", "billing.Budget", "identity.ApiKey", "tenancy.Membership", "tenancy.Organization", "tenancy.ProviderCredential", "usage.UsageDaily"];

    /// <summary>Tables with an OrganizationId that the policy cannot or need not cover, each with its reason in the docs.</summary>
    public static readonly string[] ReviewedUnisolatedTables = ["usage.UsageEvent", "usage.UsageEventPurge", "usage.UsageEventStaging"];

    private static readonly string[] RawUsage = ["usage.UsageEvent", "usage.UsageEventPurge", "usage.UsageHourly", "usage.UsagePurgeHourly"];

    private static readonly Dictionary<string, string> ExpectedMasks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["identity.User.Email"] = "email()",
        ["identity.User.DisplayName"] = "default()",
        ["tenancy.Organization.DisplayName"] = "default()",
    };

    private static string SecurityDoc => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "security.md"));

    [Fact]
    public void The_PII_inventory_lists_every_character_column_of_every_table_and_no_other()
    {
        var inventory = SecurityRules.MarkdownTable(SecurityDoc, "## PII inventory").Select(r => r[0]).ToList();
        var columns = SecurityRules.CharacterColumns(fixture.Catalog).ToList();

        var missing = columns.Except(inventory, StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = inventory.Except(columns, StringComparer.OrdinalIgnoreCase).ToList();

        Assert.True(missing.Count == 0, "Add to docs/security.md, PII inventory: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "docs/security.md, PII inventory, names columns the model does not have: " + string.Join(", ", unknown));
        Assert.Equal(inventory.Count, inventory.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_PII_inventory_says_for_each_column_whether_it_is_personal_and_who_may_read_it()
    {
        var rows = SecurityRules.MarkdownTable(SecurityDoc, "## PII inventory");

        Assert.All(rows, r =>
        {
            Assert.True(r.Length == 5 && r.All(c => c.Length > 0), $"PII inventory row '{string.Join(" | ", r)}' needs five filled cells.");
            Assert.True(r[1] is "yes" or "no" or "maybe", $"PII inventory row {r[0]}: Personal must be yes, no or maybe.");
        });
        Assert.All(ExpectedMasks.Keys, masked => Assert.Contains(rows, r => r[0] == masked && r[3].Contains("masked", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_permission_review_lists_every_permission_statement_of_the_model_and_no_other()
    {
        var reviewed = SecurityRules.MarkdownTable(SecurityDoc, "### Permission statements")
            .Select(r => new PermissionRow(r[0], r[1], r[2], r[3], r[4]).ToString()).ToList();
        var model = SecurityRules.Permissions(fixture.Model).Select(r => r.ToString()).ToList();

        var missing = model.Except(reviewed, StringComparer.Ordinal).ToList();
        var stale = reviewed.Except(model, StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Review and add to docs/security.md, Permission statements:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "docs/security.md, Permission statements, lists what the model does not grant:\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_permission_review_lists_every_role_membership_and_no_other()
    {
        var reviewed = SecurityRules.MarkdownTable(SecurityDoc, "### Role memberships").Select(r => $"{r[0]} <- {r[1]}").Order().ToList();
        var model = SecurityRules.RoleMemberships(fixture.Model).Select(m => $"{m.Role} <- {m.Member}").Order().ToList();

        Assert.Equal(model, reviewed);
        Assert.Contains("db_owner <- platform_deploy", model);
    }

    [Fact]
    public void Personal_columns_carry_their_masks_and_only_platform_app_may_unmask_them()
    {
        var masks = SecurityRules.Masks(fixture.Model);
        var unmask = SecurityRules.Permissions(fixture.Model).Where(p => p.Permission == "UNMASK").ToList();

        Assert.Equal(ExpectedMasks.OrderBy(m => m.Key), masks.OrderBy(m => m.Key));
        Assert.All(unmask, p => Assert.Equal("platform_app", p.Grantee));
        Assert.All(unmask, p => Assert.NotEqual("", p.Columns));
        Assert.Equal(ExpectedMasks.Keys.Order(StringComparer.OrdinalIgnoreCase),
            unmask.SelectMany(p => p.Columns.Split(", ").Select(c => $"{p.Securable}.{c}")).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_tenant_isolation_policy_is_on_schema_bound_and_filters_and_blocks_exactly_the_listed_tables()
    {
        var policy = fixture.Model.GetObjects(DacQueryScopes.UserDefined, SecurityPolicy.TypeClass)
            .Single(p => string.Join('.', p.Name.Parts) == SecurityRules.Policy);
        var predicate = fixture.Model.GetObjects(DacQueryScopes.UserDefined, TableValuedFunction.TypeClass)
            .Single(f => string.Join('.', f.Name.Parts) == "security.TenantAccessPredicate");
        var predicates = SecurityRules.PolicyPredicates(policy);

        Assert.True(policy.GetProperty<bool>(SecurityPolicy.Enabled), "The policy must be created WITH (STATE = ON).");
        Assert.True(policy.GetProperty<bool>(SecurityPolicy.IsSchemaBound), "The policy must be created WITH (SCHEMABINDING = ON).");
        Assert.True(predicate.GetProperty<bool>(TableValuedFunction.WithSchemaBinding), "The predicate must be created WITH SCHEMABINDING.");
        Assert.Equal(IsolatedTables.Order(StringComparer.OrdinalIgnoreCase), predicates.Keys.Order(StringComparer.OrdinalIgnoreCase));
        const string Body = "security.TenantAccessPredicate(OrganizationId)";
        Assert.All(predicates.Values, entries => Assert.Equal(
            [$"Block AfterInsert: {Body}", $"Block AfterUpdate: {Body}", $"Block BeforeDelete: {Body}", $"Block BeforeUpdate: {Body}", $"Filter: {Body}"],
            entries));
    }

    [Fact]
    public void Every_table_with_an_organization_is_isolated_or_a_reviewed_exception()
    {
        var withOrganization = fixture.Catalog.Tables.Where(t => t.Column("OrganizationId") is not null).Select(t => t.FullName);

        Assert.Equal(
            IsolatedTables.Concat(ReviewedUnisolatedTables).Order(StringComparer.OrdinalIgnoreCase),
            withOrganization.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_trend_functions_apply_the_tenant_predicate_to_their_organization()
    {
        Assert.All(new[] { "GetUsageHourly", "GetUsageDaily" }, name =>
            Assert.Contains("[security].[TenantAccessPredicate](@OrganizationId)",
                fixture.Catalog.Modules.Single(m => m.Schema == "usage" && m.Name == name).Script, StringComparison.Ordinal));
    }

    [Fact]
    public void No_role_can_select_raw_usage_directly_or_through_a_schema_grant()
    {
        var selects = SecurityRules.Permissions(fixture.Model).Where(p => p.Permission == "SELECT" && p.State == "GRANT").ToList();

        Assert.DoesNotContain(selects, p => RawUsage.Contains(p.Securable) || p.Securable == "SCHEMA::usage" || p.Securable == "DATABASE");
    }

    [Fact]
    public void The_tenant_reader_selects_only_tables_under_the_policy_and_the_trend_functions()
    {
        var tables = fixture.Catalog.Tables.Select(t => t.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var reader = SecurityRules.Permissions(fixture.Model).Where(p => p.Grantee == "platform_tenant_reader").ToList();

        Assert.All(reader, p => Assert.Equal(("SELECT", "GRANT"), (p.Permission, p.State)));
        Assert.All(reader, p => Assert.True(
            tables.Contains(p.Securable) ? IsolatedTables.Contains(p.Securable) : p.Securable is "usage.GetUsageHourly" or "usage.GetUsageDaily",
            $"platform_tenant_reader may SELECT {p.Securable}, which is neither under {SecurityRules.Policy} nor a trend function."));
        Assert.DoesNotContain(reader, p => p.Securable == "identity.ApiKey" && p.Columns.Split(", ").Contains("KeyHash"));
    }

    [Fact]
    public void No_role_reads_a_key_hash_or_a_password_hash()
    {
        var selects = SecurityRules.Permissions(fixture.Model).Where(p => p.Permission == "SELECT" && p.State == "GRANT").ToList();

        Assert.DoesNotContain(selects, p => p.Securable is "identity.UserCredential" or "SCHEMA::identity" or "SCHEMA::tenancy");
        Assert.DoesNotContain(selects, p => p.Securable == "identity.ApiKey" && (p.Columns.Length == 0 || p.Columns.Split(", ").Contains("KeyHash")));
    }

    [Fact]
    public void Every_procedure_that_cannot_run_confined_is_listed_in_the_security_doc()
    {
        var modules = fixture.Catalog.Modules.Where(m => m.Kind.Contains("Procedure", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(m => $"{m.Schema}.{m.Name}", m => m.Script, StringComparer.OrdinalIgnoreCase);
        var granted = SecurityRules.Permissions(fixture.Model)
            .Where(p => p.Grantee == "platform_app" && p.Permission == "EXECUTE" && p.State == "GRANT" && modules.ContainsKey(p.Securable))
            .Select(p => p.Securable).Distinct().ToList();
        var listed = SecurityRules.MarkdownTable(SecurityDoc, "**Procedures on a confined connection.**")
            .SelectMany(r => System.Text.RegularExpressions.Regex.Matches(r[0], @"\b[a-z]+\.[A-Za-z]+\b").Select(m => m.Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unlisted = granted.Where(p => SecurityRules.CannotRunConfined(p, modules)).Where(p => !listed.Contains(p)).ToList();

        Assert.True(unlisted.Count == 0,
            "docs/security.md, Procedures on a confined connection, must say what these do when a session organization is set: " + string.Join(", ", unlisted));
        var confined = granted.Where(p => SecurityRules.CannotRunConfined(p, modules)).ToList();
        Assert.All(new[] { "identity.CreateUser", "identity.SetPasswordHash", "identity.RecordLoginAttempt", "identity.EraseUser", "tenancy.CreateOrganization" },
            p => Assert.Contains(p, confined));
    }

    [Fact]
    public void Only_roles_that_may_unmask_run_code_that_reads_a_masked_column()
    {
        // "Whenever you project an expression referencing a column for which a data masking function is defined, the
        // expression will also be masked" (DDM docs): a procedure that computes over a masked column in its SELECT list
        // (identity.EraseUser compares Email there) would get default() values for a caller without UNMASK.
        var masked = SecurityRules.Masks(fixture.Model).Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unmask = SecurityRules.Permissions(fixture.Model).Where(p => p.Permission == "UNMASK" && p.State == "GRANT")
            .SelectMany(p => p.Columns.Split(", ").Select(c => (p.Grantee, Column: $"{p.Securable}.{c}"))).ToHashSet();
        var modules = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass, TableValuedFunction.TypeClass, ScalarFunction.TypeClass, View.TypeClass)
            .ToDictionary(o => string.Join('.', o.Name.Parts), StringComparer.OrdinalIgnoreCase);
        var runs = SecurityRules.Permissions(fixture.Model)
            .Where(p => p.State == "GRANT" && p.Permission is "EXECUTE" or "SELECT" && modules.ContainsKey(p.Securable));

        var reads = runs.SelectMany(p => modules[p.Securable].GetReferenced(DacQueryScopes.UserDefined)
                .Where(r => r.ObjectType == Column.TypeClass && masked.Contains(string.Join('.', r.Name.Parts)))
                .Select(r => (p.Grantee, Column: string.Join('.', r.Name.Parts), Module: p.Securable)))
            .ToList();
        var unmaskedReads = reads.Where(x => !unmask.Contains((x.Grantee, x.Column)))
            .Select(x => $"{x.Grantee} runs {x.Module}, which reads masked {x.Column} without UNMASK")
            .Distinct().ToList();

        Assert.Contains(("platform_app", "identity.User.Email", "identity.EraseUser"), reads);
        Assert.True(unmaskedReads.Count == 0, string.Join("\n", unmaskedReads));
    }

    [Fact]
    public void The_confined_connection_rule_sees_organization_free_audit_events_new_organizations_and_callees()
    {
        var scripts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["app.Audits"] = "INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType])\n    VALUES (NULL, 'system');",
            ["app.AuditsOwn"] = "INSERT INTO [audit].[AuditEvent] ([OrganizationId], [ActorType]) VALUES (@OrganizationId, 'user');",
            ["app.Creates"] = "INSERT INTO [tenancy].[Organization] ([Slug]) VALUES (@Slug);",
            ["app.Refuses"] = "IF SESSION_CONTEXT(N'OrganizationId') IS NOT NULL THROW 50118, N'x', 1;",
            ["app.Calls"] = "EXECUTE [app].[Audits];",
            ["app.Plain"] = "SELECT 1;",
        };

        Assert.Equal(["app.Audits", "app.Calls", "app.Creates", "app.Refuses"],
            scripts.Keys.Where(k => SecurityRules.CannotRunConfined(k, scripts)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_grant_narrowing_migration_runs_right_after_the_credential_grant_migration_and_before_any_later_script()
    {
        var includes = File.ReadAllLines(Path.Combine(RepoPaths.Root, "PostDeploy", "Script.PostDeployment.sql"))
            .Where(l => l.StartsWith(":r ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();

        var credential = includes.IndexOf("./Migrations/NarrowUserCredentialGrant.sql");
        Assert.True(credential >= 0, "Script.PostDeployment.sql no longer includes NarrowUserCredentialGrant.sql.");
        Assert.Equal("./Migrations/NarrowServiceAndReaderGrants.sql", includes[credential + 1]);
    }

    [Fact]
    public void Policy_rules_flag_a_disabled_policy_and_a_column_grant_is_folded_into_one_row()
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in new[]
        {
            "CREATE SCHEMA [app];",
            "CREATE ROLE [svc] AUTHORIZATION [dbo];",
            "CREATE TABLE [app].[T] ([Id] INT NOT NULL PRIMARY KEY, [OrganizationId] INT NOT NULL, [Secret] VARBINARY(32) NOT NULL, [Name] NVARCHAR(10) MASKED WITH (FUNCTION = 'default()') NOT NULL);",
            "CREATE FUNCTION [app].[P] (@OrganizationId INT) RETURNS TABLE WITH SCHEMABINDING AS RETURN SELECT 1 AS [Ok] WHERE @OrganizationId = 1;",
            "CREATE SECURITY POLICY [app].[Policy] ADD FILTER PREDICATE [app].[P]([OrganizationId]) ON [app].[T] WITH (STATE = OFF, SCHEMABINDING = ON);",
            "GRANT SELECT ON OBJECT::[app].[T] ([Name], [Id]) TO [svc];",
        })
        {
            model.AddObjects(script, new TSqlObjectOptions());
        }

        var policy = model.GetObjects(DacQueryScopes.UserDefined, SecurityPolicy.TypeClass).Single();

        Assert.False(policy.GetProperty<bool>(SecurityPolicy.Enabled));
        Assert.Equal(["Filter: app.P(OrganizationId)"], SecurityRules.PolicyPredicates(policy)["app.T"]);
        Assert.Equal(["| svc | SELECT | `app.T` | Id, Name | GRANT |"], SecurityRules.Permissions(model).Select(p => p.ToString()));
        Assert.Equal("default()", SecurityRules.Masks(model)["app.T.Name"]);
        Assert.Equal(["app.T.Name"], SecurityRules.CharacterColumns(PlatformDb.Cli.Schema.SchemaCatalogReader.Read(model)));
    }
}
