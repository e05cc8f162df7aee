using PlatformDb.Cli;
using PlatformDb.Cli.Docs;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>docs/data-model.md is generated from the dacpac and kept current.</summary>
[Collection(DacpacModelCollection.Name)]
public sealed class DataModelDocTests(DacpacModelFixture fixture)
{
    [Fact]
    public void Checked_in_data_model_doc_matches_the_built_dacpac()
    {
        var expected = DataModelMarkdown.Render(fixture.Catalog);

        var actual = File.ReadAllText(Path.Combine(RepoPaths.Docs, "data-model.md")).ReplaceLineEndings("\n");

        Assert.True(expected == actual, $"docs/data-model.md is stale: run '{DataModelMarkdown.RegenerateCommand}' and commit it.");
    }

    [Fact]
    public void Diagram_draws_every_foreign_key_and_every_table()
    {
        var markdown = DataModelMarkdown.Render(fixture.Catalog);
        var diagram = markdown[markdown.IndexOf("```mermaid", StringComparison.Ordinal)..];

        Assert.All(fixture.Catalog.Tables.SelectMany(t => t.ForeignKeys), fk => Assert.Contains($"\"{fk.Name}\"", diagram, StringComparison.Ordinal));
        Assert.All(fixture.Catalog.Tables, t => Assert.Contains($"    {t.Schema}_{t.Name} {{", diagram, StringComparison.Ordinal));
    }

    [Fact]
    public void Rule_column_reads_the_constraint_name_as_a_sentence() =>
        Assert.Equal("Expires after created.", DataModelMarkdown.Humanize("CK_ApiKey_ExpiresAfterCreated"));

    [Fact]
    public async Task Docs_check_fails_on_a_stale_file_and_passes_after_regeneration()
    {
        var file = Path.Combine(Path.GetTempPath(), $"data-model-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, "# stale\n", TestContext.Current.CancellationToken);
        try
        {
            var stale = await CliRunner.RunAsync("docs", "--dacpac", RepoPaths.BuiltDacpac, "--out", file, "--check");
            var write = await CliRunner.RunAsync("docs", "--dacpac", RepoPaths.BuiltDacpac, "--out", file);
            var current = await CliRunner.RunAsync("docs", "--dacpac", RepoPaths.BuiltDacpac, "--out", file, "--check");

            Assert.Equal(ExitCodes.CheckFailed, stale.ExitCode);
            Assert.Contains("is stale", stale.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Success, write.ExitCode);
            Assert.Equal(ExitCodes.Success, current.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Docs_reports_a_missing_dacpac_in_one_line()
    {
        var result = await CliRunner.RunAsync("docs", "--dacpac", "no-such.dacpac", "--out", "ignored.md");

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith("error: Dacpac not found", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
