using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.ServicePath;

/// <summary>
/// v1.4.0 service path (docs/service-path.md): every procedure of the contract exists, is granted to platform_app,
/// has each of its parameters documented in docs/service-path.md and each error it throws documented in
/// docs/errors.md on a row that names it; the dev seed writes every table the service path needs.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed partial class ServicePathContractTests(DacpacModelFixture fixture)
{
    public static readonly string[] ServicePathProcedures =
    [
        "identity.GetLoginByEmail", "identity.RecordLoginAttempt", "identity.CreateUser", "identity.SetPasswordHash",
        "identity.CreateApiKey", "identity.RotateApiKey", "identity.RevokeApiKey", "identity.ListApiKeys",
        "billing.RecordRequest", "billing.GetBudgetState",
        "tenancy.CreateOrganization", "tenancy.AddMember", "tenancy.ChangeMemberRole", "tenancy.RemoveMember",
    ];

    public static TheoryData<string> Procedures => new(ServicePathProcedures);

    private static string ServicePathDoc => File.ReadAllText(Path.Combine(RepoPaths.Docs, "service-path.md"));

    private static string ErrorsDoc => File.ReadAllText(Path.Combine(RepoPaths.Docs, "errors.md"));

    private static string FileOf(string procedure)
    {
        var parts = procedure.Split('.');
        return Path.Combine("PlatformDb.Sql", parts[0], "StoredProcedures", parts[1] + ".sql");
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Procedure_is_granted_to_platform_app_only(string procedure)
    {
        var granted = ProcedureRules.ExecutableByRole(fixture.Model);

        Assert.True(granted.TryGetValue(procedure, out var roles), $"{procedure} is not granted to any role");
        Assert.Equal(["platform_app"], roles);
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Every_parameter_is_documented_in_service_path_md(string procedure)
    {
        var doc = ServicePathDoc;
        var model = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass)
            .Single(p => $"{p.Name.Parts[0]}.{p.Name.Parts[1]}" == procedure);

        Assert.Contains($"### `{procedure} ", doc, StringComparison.Ordinal);
        var section = SectionOf(doc, procedure);
        var missing = model.GetReferenced(Procedure.Parameters)
            .Select(p => p.Name.Parts[^1])
            .Where(name => !Regex.IsMatch(section, Regex.Escape(name) + @"\b"))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/service-path.md does not document {string.Join(", ", missing)} of {procedure}");
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Every_thrown_error_is_documented_on_a_row_that_names_the_procedure(string procedure)
    {
        var rows = ErrorsDoc.Split('\n').Where(l => l.StartsWith("| 5", StringComparison.Ordinal)).ToList();
        var thrown = ThrowNumbers(SqlScripts.Read(FileOf(procedure))).Distinct().ToList();

        var undocumented = thrown
            .Where(n => !rows.Any(r => r.StartsWith($"| {n} |", StringComparison.Ordinal) &&
                                       (r.Contains($"`{procedure}`", StringComparison.Ordinal) ||
                                        (n is >= 50302 and <= 50307 && procedure == "billing.RecordRequest"))))
            .ToList();

        Assert.True(undocumented.Count == 0,
            $"{procedure} throws {string.Join(", ", undocumented)}, which docs/errors.md does not list for it");
    }

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Every_thrown_error_has_a_bad_input_case_for_the_procedure(string procedure)
    {
        var thrown = ThrowNumbers(SqlScripts.Read(FileOf(procedure))).Distinct().ToHashSet();
        var covered = InputCase.All(InputCaseKind.BadInput)
            .Where(c => c.ExpectedErrorNumber is not null && c.Sql.Contains(procedure.Replace(".", "].[", StringComparison.Ordinal), StringComparison.Ordinal))
            .Select(c => c.ExpectedErrorNumber!.Value)
            .ToHashSet();

        // Errors shared with the usage ingest are covered by the ingest's own cases; the procedure gets the key case.
        var shared = procedure == "billing.RecordRequest" ? new HashSet<int> { 50201, 50302, 50303, 50305, 50306, 50307 } : [];
        var missing = thrown.Where(n => !covered.Contains(n) && !shared.Contains(n)).Order().ToList();

        Assert.True(missing.Count == 0, $"Add TestData/BadInput cases calling {procedure} that expect: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_dev_seed_writes_every_table_the_service_path_reads()
    {
        var seed = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "DevSeed", "DevSeed.sql"));
        string[] tables =
        [
            "[tenancy].[Organization]", "[identity].[User]", "[identity].[UserCredential]", "[tenancy].[Membership]",
            "[catalog].[Model]", "[catalog].[ModelPrice]", "[identity].[ApiKey]", "[billing].[Budget]",
        ];

        var missing = tables.Where(t => !seed.Contains("INSERT INTO " + t, StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
        Assert.Contains("EXECUTE [usage].[RecordUsageEventsAt]", seed, StringComparison.Ordinal);
        Assert.Contains("EXECUTE [usage].[RecomputeUsageDaily]", seed, StringComparison.Ordinal);
        Assert.Contains("'globex'", seed, StringComparison.Ordinal);
        Assert.Contains("pdb_dev_0002", seed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dev_seed_stores_the_sha256_of_each_documented_dev_key()
    {
        var seed = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "DevSeed", "DevSeed.sql"));
        var keys = DevKey().Matches(seed).Select(m => m.Value).Distinct().ToList();

        Assert.Equal(2, keys.Count);
        foreach (var key in keys)
        {
            var hash = "0x" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
            Assert.Contains(hash, seed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_environment_step_is_included_and_never_throws()
    {
        var entry = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Script.PostDeployment.sql"));
        var step = File.ReadAllText(Path.Combine(RepoPaths.PostDeploy, "Ops", "RecordEnvironment.sql"));
        var (_, errors) = SqlScripts.Parse(step.Replace("$(Environment)", "dev", StringComparison.Ordinal));

        Assert.Contains(":r ./Ops/RecordEnvironment.sql", entry, StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.DoesNotContain("THROW", step, StringComparison.Ordinal);
        Assert.Contains("BEGIN CATCH", step, StringComparison.Ordinal);
    }

    private static string SectionOf(string doc, string procedure)
    {
        var start = doc.IndexOf($"### `{procedure} ", StringComparison.Ordinal);
        // The section runs to the next heading; consecutive headings (AddMember, ChangeMemberRole) share one text.
        var next = NextHeadingWithText(doc, start);
        var nextSection = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var end = new[] { next, nextSection, doc.Length }.Where(i => i > start).Min();
        return doc[start..end];
    }

    private static int NextHeadingWithText(string doc, int start)
    {
        var at = doc.IndexOf('\n', start);
        while (at >= 0)
        {
            var next = doc.IndexOf("\n### ", at, StringComparison.Ordinal);
            if (next < 0)
            {
                return -1;
            }

            var between = next <= at ? string.Empty : doc[(at + 1)..next];
            if (between.Trim().Length > 0)
            {
                return next;
            }

            at = doc.IndexOf('\n', next + 1);
        }

        return -1;
    }

    private static IEnumerable<int> ThrowNumbers(string text)
    {
        var (fragment, _) = SqlScripts.Parse(text);
        var visitor = new ThrowVisitor();
        fragment.Accept(visitor);
        return visitor.Numbers;
    }

    [GeneratedRegex(@"pdb_dev_000[0-9]_[A-Za-z0-9]{32}")]
    private static partial Regex DevKey();

    private sealed class ThrowVisitor : TSqlFragmentVisitor
    {
        public List<int> Numbers { get; } = [];

        public override void Visit(ThrowStatement node)
        {
            if (node.ErrorNumber is IntegerLiteral literal)
            {
                Numbers.Add(int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
