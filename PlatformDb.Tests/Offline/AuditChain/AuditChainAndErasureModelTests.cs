using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;
using TriggerType = Microsoft.SqlServer.TransactSql.ScriptDom.TriggerType;

namespace PlatformDb.Tests.Offline.AuditChain;

/// <summary>
/// The v1.5.0 audit hash chain and erasure procedures on the built model and their scripts (docs/security.md,
/// "Tamper-evident audit log" and "Erasure"): the objects exist with the shape the design relies on, the grants and
/// error numbers are in place, and nothing in the repository uses the OUTPUT-without-INTO form the new trigger forbids.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed partial class AuditChainAndErasureModelTests(DacpacModelFixture fixture)
{
    private const string ChainTrigger = "PlatformDb.Sql/audit/Triggers/TR_AuditEvent_Chain.sql";
    private const string ChainAppendOnlyTrigger = "PlatformDb.Sql/audit/Triggers/TR_AuditChain_AppendOnly.sql";
    private const string Backfill = "PostDeploy/Migrations/AuditChainBackfill.sql";

    [Fact]
    public void The_chain_objects_exist_in_the_model()
    {
        Assert.NotNull(fixture.Model.GetObject(Table.TypeClass, new ObjectIdentifier("audit", "AuditChain"), DacQueryScopes.UserDefined));
        Assert.NotNull(fixture.Model.GetObject(TableValuedFunction.TypeClass, new ObjectIdentifier("audit", "AuditEventDigest"), DacQueryScopes.UserDefined));
        Assert.NotNull(fixture.Model.GetObject(DmlTrigger.TypeClass, new ObjectIdentifier("audit", "TR_AuditEvent_Chain"), DacQueryScopes.UserDefined));
        Assert.NotNull(fixture.Model.GetObject(DmlTrigger.TypeClass, new ObjectIdentifier("audit", "TR_AuditChain_AppendOnly"), DacQueryScopes.UserDefined));
        Assert.NotNull(fixture.Model.GetObject(Procedure.TypeClass, new ObjectIdentifier("audit", "VerifyAuditChain"), DacQueryScopes.UserDefined));
        Assert.NotNull(fixture.Model.GetObject(Procedure.TypeClass, new ObjectIdentifier("audit", "GetAuditChainHead"), DacQueryScopes.UserDefined));
    }

    [Fact]
    public void The_chain_table_has_no_identity_so_scope_identity_of_an_audit_insert_is_unchanged()
    {
        var table = fixture.Model.GetObject(Table.TypeClass, new ObjectIdentifier("audit", "AuditChain"), DacQueryScopes.UserDefined);

        Assert.All(table.GetReferenced(Table.Columns), column => Assert.False(column.GetProperty<bool>(Column.IsIdentity), column.Name.ToString()));
    }

    [Fact]
    public void The_chain_trigger_is_an_after_insert_trigger_on_the_audit_table()
    {
        var trigger = TriggerIn(ChainTrigger);

        Assert.Equal(TriggerType.After, trigger.TriggerType);
        Assert.Equal([TriggerActionType.Insert], trigger.TriggerActions.Select(a => a.TriggerActionType).ToList());
        Assert.Equal("AuditEvent", trigger.TriggerObject.Name.BaseIdentifier.Value);
    }

    [Fact]
    public void The_chain_table_refuses_update_and_delete_with_its_own_number()
    {
        var trigger = TriggerIn(ChainAppendOnlyTrigger);

        Assert.Equal(TriggerType.InsteadOf, trigger.TriggerType);
        Assert.Equal([TriggerActionType.Update, TriggerActionType.Delete], trigger.TriggerActions.Select(a => a.TriggerActionType).ToList());
        Assert.Contains("THROW 50403", SqlScripts.Read(ChainAppendOnlyTrigger), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChainTrigger)]
    [InlineData(Backfill)]
    public void Trigger_and_backfill_chain_under_the_same_transaction_owned_lock_with_the_one_digest_function(string file)
    {
        var text = SqlScripts.Read(file);

        Assert.Matches(LockCall(), text);
        Assert.Contains("[audit].[AuditEventDigest]", text, StringComparison.Ordinal);
        Assert.Contains("THROW 50402", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chain_trigger_hashes_the_inserted_rows_and_never_rereads_the_audit_table()
    {
        var text = SqlScripts.Read(ChainTrigger);

        Assert.Contains("FROM [inserted]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FROM [audit].[AuditEvent]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChainTrigger)]
    [InlineData(Backfill)]
    public void The_head_is_read_with_a_locking_read_after_the_lock(string file)
    {
        // READCOMMITTEDLOCK reads the newest committed head "regardless of the setting of the READ_COMMITTED_SNAPSHOT
        // database option" (table hints docs); a row-versioned read could return a head older than the lock.
        var text = SqlScripts.Read(file);
        var lockAt = LockCall().Match(text).Index;
        var headAt = text.IndexOf("FROM [audit].[AuditChain] AS [c] WITH (READCOMMITTEDLOCK)\n    ORDER BY [c].[ChainPosition] DESC", StringComparison.Ordinal);

        Assert.True(headAt > lockAt, $"{file}: the head read WITH (READCOMMITTEDLOCK) must follow the lock");
    }

    [Fact]
    public void The_backfill_chains_in_short_batches_each_in_its_own_transaction()
    {
        var text = SqlScripts.Read(Backfill);
        var loop = text.IndexOf("WHILE @Count > 0", StringComparison.Ordinal);

        Assert.True(loop >= 0);
        Assert.True(text.IndexOf("BEGIN TRANSACTION;", loop, StringComparison.Ordinal) > loop);
        Assert.Contains("TOP (@BatchSize)", text, StringComparison.Ordinal);
        Assert.Contains("IF OBJECT_ID(N'tempdb..#AuditChainLinks') IS NOT NULL", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PlatformDb.Sql/identity/StoredProcedures/EraseUser.sql")]
    [InlineData("PlatformDb.Sql/tenancy/StoredProcedures/EraseOrganization.sql")]
    public void Erasure_never_projects_a_masked_column_into_a_decision(string file)
    {
        // "Any projected expression over a masked column is masked" (dynamic data masking docs): for a caller without
        // UNMASK a select-list expression over Email or DisplayName sees the mask, so decisions compare in WHERE.
        var (fragment, errors) = SqlScripts.Parse(SqlScripts.Read(file));
        Assert.Empty(errors);
        var visitor = new MaskedProjectionVisitor();
        fragment.Accept(visitor);

        Assert.Empty(visitor.Offenders);
    }

    [Fact]
    public void The_erasure_builders_write_usage_only_through_the_ingest()
    {
        var support = Path.Combine(RepoPaths.Root, "PlatformDb.Tests", "tSQLt", "Support");
        var text = File.ReadAllText(Path.Combine(support, "TestDataErasure.sql"));
        var shared = File.ReadAllText(Path.Combine(support, "TestData.sql"));

        Assert.DoesNotContain("INSERT INTO [usage].[UsageEvent]", text, StringComparison.OrdinalIgnoreCase);
        // Through the shared builder TestData.RecordEvent, which is the ingest usage.RecordUsageEventsAt.
        Assert.Contains("EXECUTE [TestData].[RecordEvent]", text, StringComparison.Ordinal);
        Assert.Contains("EXECUTE [usage].[RecordUsageEventsAt]", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("INSERT INTO [usage].[UsageEvent]", shared, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[TestData].[NewModelWithPrice]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_backfill_runs_on_every_publish()
    {
        var entry = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Script.PostDeployment.sql"));

        Assert.Contains(":r ./Migrations/AuditChainBackfill.sql", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void Erasure_procedures_are_granted_to_the_service_and_the_chain_procedures_are_not()
    {
        var granted = ProcedureRules.ExecutableByRole(fixture.Model);

        Assert.Contains("platform_app", granted["identity.EraseUser"]);
        Assert.Contains("platform_app", granted["tenancy.EraseOrganization"]);
        Assert.DoesNotContain("platform_app", granted.GetValueOrDefault("audit.VerifyAuditChain") ?? []);
        Assert.DoesNotContain("platform_app", granted.GetValueOrDefault("audit.GetAuditChainHead") ?? []);
        Assert.Contains("identity.EraseUser", ProcedureRules.OrganizationFreeProcedures);
        Assert.DoesNotContain("tenancy.EraseOrganization", ProcedureRules.OrganizationFreeProcedures);
    }

    [Theory]
    [InlineData(50115)]
    [InlineData(50116)]
    [InlineData(50117)]
    [InlineData(50118)]
    [InlineData(50402)]
    [InlineData(50403)]
    [InlineData(50404)]
    [InlineData(50405)]
    [InlineData(50510)]
    [InlineData(50511)]
    public void New_error_numbers_are_documented_and_have_a_bad_input_case(int number)
    {
        var errors = File.ReadAllText(Path.Combine(RepoPaths.Docs, "errors.md"));

        Assert.Contains($"| {number} |", errors, StringComparison.Ordinal);
        if (number != 50402)
        {
            // 50402 needs a second session holding the lock: the live test covers it.
            Assert.Contains(InputCase.All(InputCaseKind.BadInput), c => c.ExpectedErrorNumber == number);
        }
    }

    [Fact]
    public void Erasure_writes_the_documented_redaction_values()
    {
        var user = SqlScripts.Read("PlatformDb.Sql/identity/StoredProcedures/EraseUser.sql");
        var organization = SqlScripts.Read("PlatformDb.Sql/tenancy/StoredProcedures/EraseOrganization.sql");
        var security = File.ReadAllText(Path.Combine(RepoPaths.Docs, "security.md"));

        Assert.Contains("CONCAT(N'erased+', @UserId, N'@erased.invalid')", user, StringComparison.Ordinal);
        Assert.Contains("N'Erased user'", user, StringComparison.Ordinal);
        Assert.Contains("CONCAT('erased-', @OrganizationId)", organization, StringComparison.Ordinal);
        Assert.Contains("N'Erased organization'", organization, StringComparison.Ordinal);
        Assert.Contains("## Erasure (since v1.5.0)", security, StringComparison.Ordinal);
        Assert.Contains("## Tamper-evident audit log (since v1.5.0)", security, StringComparison.Ordinal);
    }

    [Fact]
    public void No_script_inserts_into_the_audit_table_with_output_but_without_into()
    {
        var offenders = new List<string>();
        foreach (var file in SqlScripts.All())
        {
            var (fragment, _) = SqlScripts.Parse(SqlScripts.Read(file));
            var visitor = new AuditInsertVisitor();
            fragment.Accept(visitor);
            offenders.AddRange(visitor.Offenders.Select(line => $"{file}({line})"));
        }

        Assert.Empty(offenders);
    }

    private static CreateTriggerStatement TriggerIn(string file)
    {
        var (fragment, errors) = SqlScripts.Parse(SqlScripts.Read(file));
        Assert.Empty(errors);
        return Assert.Single(((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<CreateTriggerStatement>());
    }

    [GeneratedRegex(@"sp_getapplock @Resource = N'{1,2}audit\.AuditChain'{1,2}, @LockMode = '{1,2}Exclusive'{1,2}, @LockOwner = '{1,2}Transaction'{1,2}|@Resource = N'audit\.AuditChain',\s+@LockMode = 'Exclusive',\s+@LockOwner = 'Transaction'")]
    private static partial Regex LockCall();

    private sealed class MaskedProjectionVisitor : TSqlFragmentVisitor
    {
        private static readonly string[] Masked = ["Email", "DisplayName"];

        public List<string> Offenders { get; } = [];

        public override void Visit(QuerySpecification node)
        {
            foreach (var element in node.SelectElements)
            {
                var columns = new ColumnCollector();
                element.Accept(columns);
                Offenders.AddRange(columns.Names.Where(n => Masked.Contains(n, StringComparer.OrdinalIgnoreCase))
                    .Select(n => $"line {element.StartLine}: {n}"));
            }
        }
    }

    private sealed class ColumnCollector : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(ScalarSubquery node)
        {
            // A subquery's own WHERE is a predicate, not a projection: do not descend.
        }

        public override void ExplicitVisit(ScalarSubquery node)
        {
        }

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is { Count: > 0 } name)
            {
                Names.Add(name.Identifiers[^1].Value);
            }
        }
    }

    private sealed class AuditInsertVisitor : TSqlFragmentVisitor
    {
        public List<int> Offenders { get; } = [];

        public override void Visit(InsertStatement node)
        {
            var target = (node.InsertSpecification.Target as NamedTableReference)?.SchemaObject;
            if (target is not null
                && string.Equals(target.SchemaIdentifier?.Value, "audit", StringComparison.OrdinalIgnoreCase)
                && string.Equals(target.BaseIdentifier.Value, "AuditEvent", StringComparison.OrdinalIgnoreCase)
                && node.InsertSpecification.OutputClause is not null)
            {
                Offenders.Add(node.StartLine);
            }
        }
    }
}

/// <summary>
/// The tSQLt classes of the audit chain and erasure (PlatformDb.Tests/tSQLt/Tests) parse, are named like their file, and
/// every test asserts; they run only where tSQLt is installed.
/// </summary>
public sealed class AuditChainAndErasureTSqltClassTests
{
    public static TheoryData<string> Classes => new(["AuditChainTests", "EraseUserTests", "EraseOrganizationTests"]);

    [Theory]
    [MemberData(nameof(Classes))]
    public void Class_file_parses_and_each_test_belongs_to_the_class_and_asserts(string className)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "PlatformDb.Tests", "tSQLt", "Tests", className + ".sql"));
        var (fragment, errors) = SqlScripts.Parse(text);

        Assert.Empty(errors.Select(e => $"{className}.sql({e.Line},{e.Column}): {e.Message}"));
        Assert.StartsWith($"EXECUTE tSQLt.NewTestClass @ClassName = N'{className}';", text, StringComparison.Ordinal);
        var procedures = ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements).OfType<CreateProcedureStatement>().ToList();
        Assert.All(procedures, p => Assert.Equal(className, p.ProcedureReference.Name.SchemaIdentifier.Value));
        var tests = procedures.Where(p => p.ProcedureReference.Name.BaseIdentifier.Value.StartsWith("test ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tests);
        Assert.All(tests, test =>
        {
            var body = text.Substring(test.StartOffset, test.FragmentLength);
            Assert.Matches(@"tSQLt\.(AssertEquals|AssertEqualsString|AssertEqualsTable|ExpectException|ExpectNoException|Fail)\b", body);
        });
    }

    [Fact]
    public void The_three_classes_hold_at_least_twelve_tests()
    {
        var count = Classes.Sum(row => Regex.Matches(
            File.ReadAllText(Path.Combine(RepoPaths.Root, "PlatformDb.Tests", "tSQLt", "Tests", row.Data + ".sql")),
            @"CREATE PROCEDURE \[\w+\]\.\[test ").Count);

        Assert.True(count >= 12, $"{count} tests");
    }
}
