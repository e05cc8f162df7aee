using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;
using PlatformDb.Tests.Infrastructure.Tsqlt;

namespace PlatformDb.Tests.Offline.Tsqlt;

/// <summary>
/// The tSQLt suite offline: every file under PlatformDb.Tests/tSQLt parses, test classes follow the layout, every test
/// asserts, and every schema-qualified name resolves to the dacpac model, tSQLt, TestData, a test class or the system.
/// Each fact lists every problem with file and line, so one run shows them all.
/// </summary>
[Collection(DacpacModelCollection.Name)]
public sealed class TsqltFileTests(DacpacModelFixture fixture)
{
    [Fact]
    public void Every_tsqlt_file_parses_as_sql_server_2022() =>
        Assert.Empty(TsqltFiles.All().SelectMany(file => TsqltRules.ParseProblems(file, SqlScripts.Parse(file.Read()).Errors)));

    [Fact]
    public void Every_test_class_file_follows_the_layout() =>
        Assert.Empty(Parsed().Where(p => p.File.IsTestClass).SelectMany(p => TsqltRules.LayoutProblems(p.File, p.Fragment)));

    [Fact]
    public void Every_test_calls_a_tsqlt_assertion() =>
        Assert.Empty(Parsed().Where(p => p.File.IsTestClass).SelectMany(p => TsqltRules.AssertionProblems(p.File, p.Fragment)));

    [Fact]
    public void Every_schema_qualified_reference_exists_in_the_dacpac_or_the_suite()
    {
        var known = new TsqltKnownObjects(fixture.Model, TsqltFiles.All());

        Assert.Empty(Parsed().SelectMany(p => TsqltRules.UnknownReferences(p.File, p.Fragment, known)));
    }

    [Fact]
    public void Support_files_create_objects_in_schema_TestData_only()
    {
        var problems = Parsed().Where(p => p.File.Folder == TsqltFolder.Support)
            .SelectMany(p => TsqltKnownObjects.CreatedObjects(p.Fragment)
                .Where(name => !name.StartsWith("TestData.", StringComparison.Ordinal))
                .Select(name => $"{p.File.RelativePath}: {name} is not in schema TestData"));

        Assert.Empty(problems);
    }

    [Fact]
    public void Test_names_are_unique_and_the_generated_class_is_listed()
    {
        var tests = TsqltSuite.Tests();

        Assert.Empty(tests.GroupBy(t => t.RunName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Contains(tests, t => t.ClassName == "InputCaseTests");
        Assert.All(tests, t => Assert.Equal(Path.GetFileNameWithoutExtension(t.File), t.ClassName));
    }

    [Fact]
    public void The_suite_never_reaches_the_dacpac()
    {
        var schemas = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Schema.TypeClass).Select(s => s.Name.Parts[^1]).ToList();

        Assert.DoesNotContain("TestData", schemas);
        Assert.DoesNotContain(schemas, s => s.EndsWith("Tests", StringComparison.Ordinal));
        Assert.DoesNotContain("PlatformDb.Tests", File.ReadAllText(Path.Combine(RepoPaths.SqlProject, "PlatformDb.Sql.sqlproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void Batches_split_on_lines_holding_only_go()
    {
        var batches = TsqltFiles.SplitBatches("SELECT 1;\ngo\n\nSELECT 'GO';\n  GO -- end\nGOTO x;\nGO\n");

        Assert.Equal([(1, "SELECT 1;"), (3, "\nSELECT 'GO';"), (6, "GOTO x;")], batches.Select(b => (b.StartLine, b.Text)));
    }

    [Fact]
    public void A_go_line_inside_a_comment_a_string_or_an_identifier_does_not_end_the_batch_and_go_n_repeats_it()
    {
        var script = string.Join('\n',
            "/* a header",             // 1
            "GO",                      // 2: inside the block comment
            "/* nested */ still in it", // 3
            "GO",                      // 4: still inside (comments nest)
            "*/ SELECT 'it''s",        // 5
            "GO",                      // 6: inside the string
            "', [a]]b",                // 7
            "GO",                      // 8: inside the bracketed name
            "] AS c; -- /* not a comment start",
            "GO 2",                    // 10: ends the batch, twice
            "SELECT \"x",              // 11
            "GO",                      // 12: inside the quoted identifier
            "\" FROM t;",               // 13
            "GO");                     // 14

        var batches = TsqltFiles.SplitBatches(script);

        Assert.Equal([1, 1, 11], batches.Select(b => b.StartLine));
        Assert.Equal(batches[0].Text, batches[1].Text);
        Assert.Equal(9, batches[0].Text.Split('\n').Length);
        Assert.Equal(3, batches[2].Text.Split('\n').Length);
        Assert.Throws<InvalidOperationException>(() => TsqltFiles.SplitBatches("SELECT 1;\nGO 0\n"));
    }

    [Fact]
    public void Every_batch_the_harness_sends_parses_on_its_own()
    {
        // The harness sends each GO-separated batch alone; CREATE PROCEDURE must be the only statement of its batch.
        var problems = TsqltFiles.All()
            .SelectMany(file => TsqltFiles.SplitBatches(file.Read())
                .SelectMany(batch => SqlScripts.Parse(batch.Text).Errors
                    .Select(e => $"{file.RelativePath}({batch.StartLine + e.Line - 1}): {e.Message}")))
            .Concat(TsqltFiles.SplitBatches(DevSeedProcedure.Render())
                .SelectMany(batch => SqlScripts.Parse(batch.Text).Errors.Select(e => $"{DevSeedProcedure.Name}({e.Line}): {e.Message}")));

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_tsqlt_annotation_is_known_and_sits_in_the_batch_of_its_test() =>
        Assert.Empty(TsqltFiles.All().SelectMany(file => TsqltRules.AnnotationProblems(file, file.Read())));

    [Fact]
    public void An_annotation_above_the_go_or_with_an_unknown_name_is_reported()
    {
        var file = new TsqltFile(TsqltFolder.Tests, "SampleTests", "PlatformDb.Tests/tSQLt/Tests/SampleTests.sql");
        const string Text = """
            EXECUTE tSQLt.NewTestClass @ClassName = N'SampleTests';
            --[@tSQLt:NoTransaction](DEFAULT)
            GO
            /* The annotation below is in the right place. */
            --[@tSQLt:NoTransaction](DEFAULT)
            CREATE PROCEDURE [SampleTests].[test one] AS EXEC tSQLt.Fail N'x';
            GO
            --[@tSQLt:NoTransactions](DEFAULT)
            CREATE PROCEDURE [SampleTests].[test two] AS EXEC tSQLt.Fail N'x';
            GO
            """;

        var problems = TsqltRules.AnnotationProblems(file, Text).ToList();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("PlatformDb.Tests/tSQLt/Tests/SampleTests.sql(2): the annotation [@tSQLt:NoTransaction] is not in the batch", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("PlatformDb.Tests/tSQLt/Tests/SampleTests.sql(8): unknown tSQLt annotation [@tSQLt:NoTransactions]", problems[1], StringComparison.Ordinal);

        var withSetUp = Text + "\nCREATE PROCEDURE [SampleTests].[SetUp] AS INSERT INTO dbo.T VALUES (1);\nGO\n";
        Assert.Contains(TsqltRules.AnnotationProblems(file, withSetUp), p => p.Contains("has a NoTransaction test and a SetUp", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_catch_a_badly_laid_out_class_a_test_without_assertion_and_unknown_references()
    {
        var file = new TsqltFile(TsqltFolder.Tests, "SampleTests", "PlatformDb.Tests/tSQLt/Tests/SampleTests.sql");
        var (fragment, errors) = SqlScripts.Parse("""
            EXECUTE tSQLt.NewTestClass @ClassName = N'OtherTests';
            GO
            CREATE PROCEDURE [SampleTests].[helper] AS SELECT 1;
            GO
            CREATE PROCEDURE [OtherTests].[test lands in the wrong schema] AS EXEC tSQLt.Fail N'x';
            GO
            CREATE PROCEDURE [SampleTests].[test asserts nothing and names ghosts]
            AS
            BEGIN
                EXEC tSQLt.FakeTable @TableName = N'identity.NoSuchTable';
                EXEC tSQLt.ApplyConstraint N'identity.ApiKey', N'CK_NoSuchConstraint';
                SELECT * FROM [identity].NoSuchView AS v CROSS APPLY usage.NoSuchFunction(1) AS f;
                SELECT x.c.value('.', 'int'), t.Col.value('.', 'int') FROM #Temp AS t, sys.objects AS x;
                EXEC [identity].[NoSuchProcedure];
                SELECT [identity].NoSuchScalar(1), TestData.NoSuchBuilder(), SampleTests.Anything();
            END;
            """);
        Assert.Empty(errors);
        var known = new TsqltKnownObjects(fixture.Model, [file]);

        var layout = TsqltRules.LayoutProblems(file, fragment).ToList();
        var assertions = TsqltRules.AssertionProblems(file, fragment).ToList();
        var unknown = TsqltRules.UnknownReferences(file, fragment, known).ToList();

        Assert.Equal(3, layout.Count);
        Assert.Contains(layout, p => p.Contains("NewTestClass", StringComparison.Ordinal));
        Assert.Contains(layout, p => p.Contains("[helper]", StringComparison.Ordinal));
        Assert.Contains(layout, p => p.Contains("must be in schema [SampleTests]", StringComparison.Ordinal));
        Assert.Single(assertions);
        Assert.Equal(
            [
                "identity.NoSuchTable", "CK_NoSuchConstraint", "identity.NoSuchView", "usage.NoSuchFunction",
                "identity.NoSuchProcedure", "identity.NoSuchScalar", "TestData.NoSuchBuilder",
            ],
            unknown.Select(p => p.Split(' ')[^1]).ToList());
        Assert.All(unknown, p => Assert.StartsWith("PlatformDb.Tests/tSQLt/Tests/SampleTests.sql(", p, StringComparison.Ordinal));
    }

    private static IEnumerable<(TsqltFile File, TSqlFragment Fragment)> Parsed() =>
        TsqltFiles.All().Select(file => (file, SqlScripts.Parse(file.Read()).Fragment));
}
