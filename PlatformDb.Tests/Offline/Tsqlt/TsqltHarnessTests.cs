using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;
using PlatformDb.Tests.Infrastructure.Tsqlt;

namespace PlatformDb.Tests.Offline.Tsqlt;

/// <summary>The live tSQLt harness's offline parts: where it finds tSQLt, the dev seed procedure, failing fast.</summary>
public sealed class TsqltHarnessTests
{
    [Fact]
    public void Without_the_variable_or_the_release_files_the_reason_is_one_line_naming_the_variable()
    {
        var folder = Directory.CreateTempSubdirectory("tsqlt-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "PrepareServer.sql"), "SELECT 1;");

            var (unset, unsetReason) = TsqltHarness.Locate(null);
            var (partial, partialReason) = TsqltHarness.Locate(folder.FullName);
            File.WriteAllText(Path.Combine(folder.FullName, "tSQLt.class.sql"), "SELECT 1;");
            var (complete, completeReason) = TsqltHarness.Locate(folder.FullName);

            Assert.Null(unset);
            Assert.Contains(TsqltHarness.DirectoryVariable, unsetReason, StringComparison.Ordinal);
            Assert.Null(partial);
            Assert.Equal($"No tSQLt: {TsqltHarness.DirectoryVariable} has no tSQLt.class.sql.", partialReason);
            Assert.Equal(folder.FullName, complete);
            Assert.Null(completeReason);
            Assert.DoesNotContain('\n', unsetReason + partialReason);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Against_an_unreachable_server_the_installation_fails_fast_with_the_network_error()
    {
        const string Unreachable = "Server=tcp:127.0.0.1,1;Database=master;User ID=sa;Password=not-a-secret;Connect Timeout=2;Encrypt=False";
        var folder = Directory.CreateTempSubdirectory("tsqlt-");
        try
        {
            foreach (var file in TsqltHarness.ReleaseFiles)
            {
                File.WriteAllText(Path.Combine(folder.FullName, file), "SELECT 1;\nGO\n");
            }

            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SqlException>(() =>
                TsqltHarness.InstallAsync(Unreachable, "PlatformDb_Tsqlt_offline", folder.FullName, _ => { }, TestContext.Current.CancellationToken));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            Assert.Contains("network-related", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_dev_seed_becomes_one_procedure_with_its_sqlcmd_variables_set_for_test()
    {
        var text = DevSeedProcedure.Render();
        var (fragment, errors) = SqlScripts.Parse(text);

        Assert.Empty(errors);
        var procedure = Assert.IsType<CreateProcedureStatement>(Assert.Single(((TSqlScript)fragment).Batches.SelectMany(b => b.Statements)));
        Assert.Equal(["TestData", "RunDevSeed"], procedure.ProcedureReference.Name.Identifiers.Select(i => i.Value));
        Assert.DoesNotContain("$(", text, StringComparison.Ordinal);
        Assert.Contains("IF N'true' = N'true' AND N'test' IN (N'dev', N'test')", text, StringComparison.Ordinal);
        Assert.Contains(DevSeedProcedure.Name, TsqltKnownObjects.HarnessObjects);
    }

    [Fact]
    public void A_seed_with_a_second_batch_or_an_unknown_variable_is_refused()
    {
        Assert.Contains("more than one batch", Assert.Throws<InvalidOperationException>(() => DevSeedProcedure.Render("SELECT 1;\nGO\nSELECT 2;")).Message, StringComparison.Ordinal);
        Assert.Contains("$(Other)", Assert.Throws<InvalidOperationException>(() => DevSeedProcedure.Render("SELECT N'$(Other)';")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_names_quote_class_and_test_for_tsqlt_run()
    {
        Assert.Equal("[InputCaseTests].[test a]]b]", new TsqltTest("InputCaseTests", "test a]b", "f.sql", 1).RunName);
    }
}
