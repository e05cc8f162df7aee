using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Index = Microsoft.SqlServer.Dac.Model.Index;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// Keeps the live bad-input cases honest without a server: each file parses, names a rule that exists, and every
/// CHECK, foreign key and unique rule of the built model has a case, so a new constraint without one fails here.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class BadInputCaseTests(DacpacModelFixture fixture)
{
    public static TheoryData<InputCaseKind, string> AllCases
    {
        get
        {
            var data = new TheoryData<InputCaseKind, string>();
            foreach (var kind in Enum.GetValues<InputCaseKind>())
            {
                foreach (var name in InputCase.Names(kind))
                {
                    data.Add(kind, name);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> BadCases => new(InputCase.Names(InputCaseKind.BadInput));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Case_file_is_one_batch_that_parses_as_TSql160(InputCaseKind kind, string caseName)
    {
        var inputCase = InputCase.Load(kind, caseName);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(inputCase.Sql);

        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(inputCase.HeaderProblems);
        Assert.Empty(errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));
        var script = Assert.IsType<TSqlScript>(fragment);
        // The runner sends the file as one command: a GO would be a syntax error on the server.
        Assert.Single(script.Batches);
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Expected_rule_exists_in_the_model(string caseName)
    {
        var inputCase = InputCase.Load(InputCaseKind.BadInput, caseName);
        var names = AllConstraintAndIndexNames();

        var unknown = inputCase.AlternativeNames.Concat(inputCase.CoveredNames).Where(name => !names.Contains(name)).ToList();

        Assert.True(unknown.Count == 0, $"{caseName} names rules the built model does not have: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_check_foreign_key_and_unique_rule_has_a_bad_input_case()
    {
        var covered = InputCase.All(InputCaseKind.BadInput).SelectMany(c => c.CoveredNames).ToHashSet(StringComparer.Ordinal);

        var missing = GuardedRules().Where(rule => !covered.Contains(rule)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Add a TestData/BadInput case (or a '-- covers:' line) for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_live_unique_index_has_a_reuse_after_soft_delete_case()
    {
        var goodCases = InputCase.Names(InputCaseKind.GoodInput).ToHashSet(StringComparer.Ordinal);

        var missing = GuardedRules()
            .Where(rule => rule.EndsWith("_Live", StringComparison.Ordinal))
            .Select(rule => rule + "_AllowsReuseAfterSoftDelete")
            .Where(name => !goodCases.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "Add TestData/GoodInput/<name>.sql for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_expected_error_number_is_documented_in_errors_md()
    {
        var errorsDoc = Path.Combine(RepoPaths.Docs, "errors.md");
        if (!File.Exists(errorsDoc))
        {
            Assert.Skip("docs/errors.md does not exist yet.");
        }

        var text = File.ReadAllText(errorsDoc);

        var undocumented = InputCase.All(InputCaseKind.BadInput)
            .Where(c => c.ExpectedErrorNumber is not null)
            .Select(c => c.ExpectedErrorNumber!.Value)
            .Distinct()
            .Where(number => !Regex.IsMatch(text, $@"\b{number}\b"))
            .ToList();

        Assert.Empty(undocumented);
    }

    /// <summary>Named CHECK constraints, foreign keys, unique constraints and unique indexes: the rules a case must break.</summary>
    private IReadOnlyList<string> GuardedRules()
    {
        var constraints = fixture.Model.GetObjects(
            DacQueryScopes.UserDefined, CheckConstraint.TypeClass, ForeignKeyConstraint.TypeClass, UniqueConstraint.TypeClass);
        var uniqueIndexes = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Index.TypeClass)
            .Where(index => index.GetProperty<bool>(Index.Unique));
        return constraints.Concat(uniqueIndexes).Select(NameOf).ToList();
    }

    private HashSet<string> AllConstraintAndIndexNames() =>
        fixture.Model.GetObjects(
                DacQueryScopes.UserDefined,
                CheckConstraint.TypeClass,
                ForeignKeyConstraint.TypeClass,
                UniqueConstraint.TypeClass,
                PrimaryKeyConstraint.TypeClass,
                DefaultConstraint.TypeClass,
                Index.TypeClass)
            .Select(NameOf)
            .ToHashSet(StringComparer.Ordinal);

    // Constraints are [schema].[name], indexes [schema].[table].[name]: the last part is what error messages show.
    private static string NameOf(TSqlObject obj) =>
        obj.Name.HasName ? obj.Name.Parts[^1] : $"(unnamed {obj.ObjectType.Name})";
}
