using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;
using Index = Microsoft.SqlServer.Dac.Model.Index;
using Permission = Microsoft.SqlServer.Dac.Model.Permission;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>
/// The usage analytics model of docs/analytics.md in the built dacpac: the partitioned table and its aligned indexes,
/// the indexed view's required shape, the purge twin SWITCH needs, the daily table, the routines and who may run them.
/// Each partition rule also flags a small model that breaks it, because DacFx accepts such models without a warning.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class UsageModelTests(DacpacModelFixture fixture)
{
    private const string Scheme = "PS_UsageDay";
    private const string PartitionColumn = "HourBucket";

    private static readonly string[] ViewNames = ["usage.UsageHourly", "usage.UsagePurgeHourly"];

    [Fact]
    public void Model_holds_the_usage_tables_views_type_procedures_and_functions()
    {
        string[] tables = ["usage.UsageEvent", "usage.UsageEventPurge", "usage.UsageEventStaging", "usage.UsageDaily", "usage.UsageDayStatus"];
        string[] procedures =
        [
            "usage.RecordUsageEvent", "usage.RecordUsageEvents", "usage.RecordUsageEventsAt", "usage.MoveStagedUsageEvents",
            "usage.EnsureUsagePartitions", "usage.EnsureUsagePartitionsAt", "usage.PurgeUsagePartitions", "usage.PurgeUsagePartitionsAt",
            "usage.RecomputeUsageDaily", "usage.RecomputeUsageDailyAt",
        ];
        string[] functions = ["usage.GetUsageHourly", "usage.GetUsageDaily"];

        Assert.Empty(tables.Except(Names(Table.TypeClass)));
        Assert.Empty(ViewNames.Except(Names(View.TypeClass)));
        Assert.Empty(procedures.Except(Names(Procedure.TypeClass)));
        Assert.Empty(functions.Except(Names(TableValuedFunction.TypeClass)));
        Assert.Contains("usage.UsageEventList", Names(TableType.TypeClass));
    }

    [Fact]
    public void Usage_tables_and_views_are_partitioned_by_day_on_the_hour_bucket()
    {
        var function = Assert.Single(fixture.Model.GetObjects(DacQueryScopes.UserDefined, PartitionFunction.TypeClass), f => f.Name.Parts[^1] == "PF_UsageDay");
        Assert.Equal(PartitionRange.Right, function.GetProperty<PartitionRange>(PartitionFunction.Range));

        var hosts = PartitionRules.PartitionedHosts(fixture.Model).ToDictionary(h => PartitionRules.NameOf(h.Host), StringComparer.OrdinalIgnoreCase);

        Assert.All(new[] { "usage.UsageEvent", "usage.UsageEventPurge" }.Concat(ViewNames), name =>
        {
            Assert.True(hosts.TryGetValue(name, out var host), $"{name} is not partitioned");
            Assert.Equal((Scheme, PartitionColumn), (host.Scheme, host.Column));
        });
        Assert.Equal("datetime2(0)", fixture.Catalog.Table("usage.UsageEvent").Column(PartitionColumn)!.TypeName);
    }

    [Fact]
    public void Every_index_of_a_partitioned_table_or_its_views_is_aligned_on_the_same_scheme_and_column() =>
        Assert.Empty(PartitionRules.UnalignedIndexes(fixture.Model));

    [Fact]
    public void Every_unique_key_of_a_partitioned_table_or_its_views_holds_the_partitioning_column() =>
        Assert.Empty(PartitionRules.UniqueKeysWithoutPartitionColumn(fixture.Model));

    [Fact]
    public void Alignment_rule_flags_an_index_on_the_default_filegroup_and_a_unique_key_without_the_partitioning_column()
    {
        using var model = Model(
            "CREATE PARTITION FUNCTION [PF_D] (DATETIME2 (0)) AS RANGE RIGHT FOR VALUES ('2020-01-01');",
            "CREATE PARTITION SCHEME [PS_D] AS PARTITION [PF_D] ALL TO ([PRIMARY]);",
            """
            CREATE TABLE [app].[E] ([Id] BIGINT NOT NULL, [H] DATETIME2 (0) NOT NULL, [R] INT NOT NULL,
                CONSTRAINT [PK_E] PRIMARY KEY NONCLUSTERED ([Id]) ON [PS_D] ([H])) ON [PS_D] ([H]);
            """,
            "CREATE NONCLUSTERED INDEX [IX_E_R] ON [app].[E] ([R]) ON [PRIMARY];");

        Assert.Equal(["app.E: IX_E_R is on no scheme(), not PS_D(H)"], PartitionRules.UnalignedIndexes(model).ToList());
        Assert.Equal(["app.E: unique PK_E (Id) does not hold the partitioning column H (error 1908)"],
            PartitionRules.UniqueKeysWithoutPartitionColumn(model).ToList());
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Hourly_view_has_the_shape_an_aligned_indexed_view_needs(string viewName)
    {
        var view = Object(View.TypeClass, viewName);
        var index = Assert.Single(view.GetReferencing(Index.IndexedObject));

        Assert.True(view.GetProperty<bool>(View.WithSchemaBinding), $"{viewName} must be WITH SCHEMABINDING");
        Assert.True(view.GetProperty<bool>(View.QuotedIdentifierOn), $"{viewName} must be created with QUOTED_IDENTIFIER ON");
        Assert.True(index.GetProperty<bool>(Index.Unique) && index.GetProperty<bool>(Index.Clustered), "the view's first index is unique and clustered");
        Assert.Equal(Scheme, index.GetReferenced(Index.PartitionScheme).Single().Name.Parts[^1]);
        Assert.Equal(PartitionColumn, index.GetReferenced(Index.PartitionColumn).Single().Name.Parts[^1]);
        Assert.Empty(IndexedViewShape.Problems(view.GetScript(), NullableColumns(SourceTable(view))));
    }

    [Fact]
    public void Indexed_view_shape_rule_flags_min_max_avg_an_outer_join_nullable_sums_and_an_expression_over_the_bucket()
    {
        const string script = """
            CREATE VIEW [app].[V] WITH SCHEMABINDING AS
            SELECT [e].[OrganizationId], DATEADD(DAY, 0, [e].[HourBucket]) AS [Day], MIN([e].[LatencyMs]) AS [Fastest],
                   AVG([e].[LatencyMs]) AS [Average], SUM([e].[TimeToFirstTokenMs]) AS [Ttft], SUM(CONVERT(BIGINT, [e].[LatencyMs])) AS [Latency]
            FROM [app].[E] AS [e] LEFT OUTER JOIN [app].[O] AS [o] ON [o].[Id] = [e].[OrganizationId]
            GROUP BY [e].[OrganizationId], DATEADD(DAY, 0, [e].[HourBucket]);
            """;

        var problems = IndexedViewShape.Problems(script, ["TimeToFirstTokenMs"]);

        Assert.Contains("no COUNT_BIG(*)", problems);
        Assert.Contains("MIN is not allowed in an indexed view", problems);
        Assert.Contains("AVG is not allowed in an indexed view", problems);
        Assert.Contains("outer join is not allowed in an indexed view", problems);
        Assert.Contains("SUM over a possibly nullable expression [e].[TimeToFirstTokenMs]; use a NOT NULL column or ISNULL(..., 0)", problems);
        Assert.Contains("SUM over a possibly nullable expression CONVERT(BIGINT, [e].[LatencyMs]); use a NOT NULL column or ISNULL(..., 0)", problems);
        Assert.Contains("HourBucket is not selected directly", problems);
        Assert.Contains("HourBucket is not a GROUP BY column", problems);
    }

    [Fact]
    public void Purge_view_is_the_hourly_view_over_the_purge_table()
    {
        var hourly = Object(View.TypeClass, "usage.UsageHourly").GetScript();
        var purge = Object(View.TypeClass, "usage.UsagePurgeHourly").GetScript();

        Assert.Equal(Body(hourly).Replace("[usage].[UsageEvent]", "[usage].[UsageEventPurge]", StringComparison.Ordinal), Body(purge));
    }

    [Fact]
    public void Purge_table_has_the_usage_table_columns_and_indexes_so_a_partition_can_switch_into_it()
    {
        var source = fixture.Catalog.Table("usage.UsageEvent");
        var target = fixture.Catalog.Table("usage.UsageEventPurge");

        Assert.Equal(source.Columns.Select(c => (c.Name, c.TypeName, c.Nullable, c.Identity, c.Computed)),
            target.Columns.Select(c => (c.Name, c.TypeName, c.Nullable, c.Identity, c.Computed)));
        Assert.Equal(source.PrimaryKey!.Columns, target.PrimaryKey!.Columns);
        Assert.Equal(source.Indexes.Select(i => (i.Name!.Replace("UsageEvent_", "X_", StringComparison.Ordinal), i.Unique, i.Clustered, string.Join(",", i.Columns), string.Join(",", i.IncludedColumns))),
            target.Indexes.Select(i => (i.Name!.Replace("UsageEventPurge_", "X_", StringComparison.Ordinal), i.Unique, i.Clustered, string.Join(",", i.Columns), string.Join(",", i.IncludedColumns))));
        Assert.Empty(target.Checks);
    }

    [Fact]
    public void Daily_table_is_keyed_by_organization_day_and_model()
    {
        var daily = fixture.Catalog.Table("usage.UsageDaily");

        Assert.Equal(["OrganizationId", "UsageDay", "ModelId"], daily.PrimaryKey!.Columns);
        Assert.Equal("date", daily.Column("UsageDay")!.TypeName);
        Assert.Equal("decimal(19,6)", daily.Column("CostAmount")!.TypeName);
    }

    [Fact]
    public void Staging_table_has_no_check_constraints_foreign_keys_or_triggers_to_slow_a_bulk_load()
    {
        var staging = fixture.Catalog.Table("usage.UsageEventStaging");

        Assert.Empty(staging.Checks);
        Assert.Empty(staging.ForeignKeys);
        Assert.DoesNotContain(fixture.Catalog.Modules, m => m.Kind == "trigger" && m.Script.Contains("[usage]", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Roles_run_ingest_and_read_trends_but_select_no_usage_table_or_view_beyond_the_bulk_copy_landing_table()
    {
        var grants = Grants().ToList();

        Assert.All(new[] { "usage.RecordUsageEvent", "usage.RecordUsageEvents", "usage.MoveStagedUsageEvents" },
            p => Assert.Contains(("platform_app", "Execute", p), grants));
        Assert.All(new[] { "platform_app", "platform_readonly" }, role =>
            Assert.All(new[] { "usage.GetUsageHourly", "usage.GetUsageDaily" }, f => Assert.Contains((role, "Select", f), grants)));
        // SqlBulkCopy reads the destination's metadata with "SET FMTONLY ON select * from <table>", so bcp-style loads
        // need SELECT and INSERT on the target (bcp utility docs, Permissions): the staging table is the one exception.
        Assert.Contains(("platform_app", "Insert", "usage.UsageEventStaging"), grants);
        Assert.Contains(("platform_app", "Select", "usage.UsageEventStaging"), grants);
        var tablesAndViews = Names(Table.TypeClass).Concat(Names(View.TypeClass))
            .Where(n => n.StartsWith("usage.", StringComparison.Ordinal) && n != "usage.UsageEventStaging").ToHashSet();
        Assert.DoesNotContain(grants, g => g.Action == "Select" && (tablesAndViews.Contains(g.Object) || g.Object == "usage"));
        Assert.DoesNotContain(grants, g => g.Role == "platform_readonly" && g.Object == "usage.UsageEventStaging");
        Assert.DoesNotContain(grants, g => g.Object is "usage.RecordUsageEventsAt" or "usage.EnsureUsagePartitions" or "usage.PurgeUsagePartitions" or "usage.RecomputeUsageDaily"
            or "usage.EnsureUsagePartitionsAt" or "usage.PurgeUsagePartitionsAt" or "usage.RecomputeUsageDailyAt");
    }

    [Fact]
    public void Every_module_that_touches_a_table_under_an_indexed_view_is_created_with_quoted_identifier_on()
    {
        var modules = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass)
            .Select(p => (p, On: p.GetProperty<bool>(Procedure.QuotedIdentifierOn)))
            .Concat(fixture.Model.GetObjects(DacQueryScopes.UserDefined, TableValuedFunction.TypeClass)
                .Select(f => (p: f, On: f.GetProperty<bool>(TableValuedFunction.QuotedIdentifierOn))));

        var offending = modules
            .Where(m => !m.On && m.p.GetScript().Contains("[usage].[UsageEvent", StringComparison.OrdinalIgnoreCase))
            .Select(m => PartitionRules.NameOf(m.p))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Every_read_of_an_indexed_view_names_it_with_noexpand()
    {
        var missing = new List<string>();
        foreach (var module in fixture.Catalog.Modules.Where(m => m.Kind is "procedure" or "function"))
        {
            var (fragment, _) = SqlScripts.Parse(module.Script);
            var visitor = new ViewReadVisitor(ViewNames);
            fragment.Accept(visitor);
            missing.AddRange(visitor.WithoutNoExpand.Select(v => $"{module.FullName} reads {v} without WITH (NOEXPAND)"));
        }

        Assert.Empty(missing);
    }

    public static TheoryData<string> Views => new(ViewNames);

    private IEnumerable<string> Names(ModelTypeClass type) =>
        fixture.Model.GetObjects(DacQueryScopes.UserDefined, type).Select(PartitionRules.NameOf);

    private TSqlObject Object(ModelTypeClass type, string name) =>
        fixture.Model.GetObjects(DacQueryScopes.UserDefined, type).Single(o => PartitionRules.NameOf(o) == name);

    private TSqlObject SourceTable(TSqlObject view) =>
        view.GetReferenced().First(r => r.ObjectType == Table.TypeClass);

    private static IReadOnlyList<string> NullableColumns(TSqlObject table) =>
        table.GetReferenced(Table.Columns).Where(c => c.GetProperty<bool>(Column.Nullable)).Select(c => c.Name.Parts[^1]).ToList();

    private static string Body(string script) =>
        script[script.IndexOf("WITH SCHEMABINDING", script.IndexOf("CREATE VIEW", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase)..];

    private IEnumerable<(string Role, string Action, string Object)> Grants()
    {
        foreach (var permission in fixture.Model.GetObjects(DacQueryScopes.UserDefined, Permission.TypeClass))
        {
            if (permission.GetProperty<PermissionAction>(Permission.PermissionAction) != PermissionAction.Grant)
            {
                continue;
            }

            var role = permission.GetReferenced(Permission.Grantee).FirstOrDefault()?.Name.Parts[^1] ?? "";
            var secured = permission.GetReferenced(Permission.SecuredObject).FirstOrDefault();
            var name = secured is null ? "(database)" : secured.Name.Parts.Count >= 2 ? PartitionRules.NameOf(secured) : secured.Name.Parts[^1];
            yield return (role, permission.GetProperty<PermissionType>(Permission.PermissionType).ToString(), name);
        }
    }

    private static TSqlModel Model(params string[] scripts)
    {
        var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in new[] { "CREATE SCHEMA [app];" }.Concat(scripts))
        {
            model.AddObjects(script, new TSqlObjectOptions());
        }

        var errors = model.Validate().Where(m => m.MessageType == DacMessageType.Error).ToList();
        Assert.True(errors.Count == 0, "Test model is invalid: " + string.Join("; ", errors.Select(e => e.Message)));
        return model;
    }

    private sealed class ViewReadVisitor(IReadOnlyCollection<string> views) : TSqlFragmentVisitor
    {
        public List<string> WithoutNoExpand { get; } = [];

        public override void Visit(NamedTableReference node)
        {
            var name = $"{node.SchemaObject.SchemaIdentifier?.Value}.{node.SchemaObject.BaseIdentifier.Value}";
            if (views.Contains(name, StringComparer.OrdinalIgnoreCase) && !node.TableHints.Any(h => h.HintKind == TableHintKind.NoExpand))
            {
                WithoutNoExpand.Add(name);
            }
        }
    }
}
