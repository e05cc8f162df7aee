using PlatformDb.Cli.Core;
using System.CommandLine;
using PlatformDb.Cli.Docs;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Cli.Commands;

/// <summary>`platformdb docs`: regenerates docs/data-model.md from the built dacpac, or checks that it is current.</summary>
internal static class DocsCommand
{
    public static Command Create()
    {
        var dacpac = new Option<FileInfo?>("--dacpac") { Description = "Dacpac to document (default: PlatformDb.Sql/bin/PlatformDb.Sql.dacpac of this checkout)." };
        var output = new Option<FileInfo?>("--out") { Description = "Markdown file to write (default: docs/data-model.md)." };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 2 when the file differs from the dacpac." };
        var command = new Command("docs", "Generate docs/data-model.md from the dacpac model.") { dacpac, output, check };

        CommandAction.Set(command, (parse, context, _) =>
        {
            var root = parse.GetValue(dacpac) is null || parse.GetValue(output) is null ? RepoLocator.FindRoot() : null;
            var dacpacPath = parse.GetValue(dacpac)?.FullName ?? RepoLocator.BuiltDacpac(root!);
            var outPath = parse.GetValue(output)?.FullName ?? Path.Combine(root!, "docs", "data-model.md");
            if (!File.Exists(dacpacPath))
            {
                throw new PlatformDbException($"Dacpac not found: {dacpacPath}. Run 'dotnet build' first.");
            }

            var markdown = DataModelMarkdown.Render(SchemaCatalogReader.Load(dacpacPath));
            if (parse.GetValue(check))
            {
                var current = File.Exists(outPath) ? File.ReadAllText(outPath).ReplaceLineEndings("\n") : null;
                if (current != markdown)
                {
                    context.Error.WriteLine($"error: {outPath} is stale; run '{DataModelMarkdown.RegenerateCommand}'.");
                    return Task.FromResult(ExitCodes.CheckFailed);
                }

                context.Output.WriteLine($"{outPath} is current.");
                return Task.FromResult(ExitCodes.Success);
            }

            File.WriteAllText(outPath, markdown);
            context.Output.WriteLine($"Wrote {outPath}.");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
