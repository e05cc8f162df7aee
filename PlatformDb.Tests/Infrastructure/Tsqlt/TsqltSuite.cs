using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>One tSQLt test: a procedure whose name starts with "test" in a test class schema.</summary>
public sealed record TsqltTest(string ClassName, string TestName, string File, int Line)
{
    /// <summary>The name tSQLt.Run takes: [Class].[test name], with ] doubled.</summary>
    public string RunName => $"{Quote(ClassName)}.{Quote(TestName)}";

    private static string Quote(string part) => "[" + part.Replace("]", "]]", StringComparison.Ordinal) + "]";
}

/// <summary>
/// Lists the suite's tests offline, from the files, so each becomes its own xunit theory row. tSQLt runs the
/// procedures of a test class whose lower-cased name is LIKE 'test%' (tSQLt-org/tSQLt Source/tSQLt.Tests.view.sql).
/// </summary>
public static class TsqltSuite
{
    public static IReadOnlyList<TsqltTest> Tests() =>
        TsqltFiles.All().Where(f => f.IsTestClass).SelectMany(TestsIn).ToList();

    /// <summary>
    /// Class and test name pairs, for [MemberData], each displayed as the full tSQLt name (xunit would otherwise cut long
    /// string arguments short in the display name).
    /// </summary>
    public static IEnumerable<TheoryDataRow<string, string>> TheoryRows() =>
        Tests().Select(test => new TheoryDataRow<string, string>(test.ClassName, test.TestName) { TestDisplayName = $"tSQLt {test.RunName}" });

    public static IEnumerable<TsqltTest> TestsIn(TsqltFile file)
    {
        var (fragment, _) = SqlScripts.Parse(file.Read());
        return Procedures(fragment)
            .Where(p => IsTestName(p.ProcedureReference.Name.BaseIdentifier.Value))
            .Select(p => new TsqltTest(
                p.ProcedureReference.Name.SchemaIdentifier?.Value ?? file.Name,
                p.ProcedureReference.Name.BaseIdentifier.Value,
                file.RelativePath,
                p.StartLine));
    }

    public static bool IsTestName(string procedureName) =>
        procedureName.StartsWith("test", StringComparison.OrdinalIgnoreCase);

    internal static IEnumerable<CreateProcedureStatement> Procedures(TSqlFragment fragment) =>
        fragment is TSqlScript script
            ? script.Batches.SelectMany(b => b.Statements).OfType<CreateProcedureStatement>()
            : [];
}
