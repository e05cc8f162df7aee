using System.Text;
using System.Text.RegularExpressions;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Cli.Docs;

/// <summary>Renders docs/data-model.md (a Mermaid ER diagram and a section per table) from a <see cref="SchemaCatalog"/>.</summary>
public static partial class DataModelMarkdown
{
    public const string RegenerateCommand = "dotnet run --project PlatformDb.Cli -- docs";

    public static string Render(SchemaCatalog catalog)
    {
        var md = new StringBuilder();
        md.Append("<!-- Generated from the built dacpac by `").Append(RegenerateCommand)
            .Append("`. Do not edit by hand: an offline test fails when this file is stale. -->\n");
        md.Append("# PlatformDb data model\n\n");
        md.Append("Every table, column, key, constraint and index of the schema, with the descriptions stored in the model ")
            .Append("(`MS_Description`). Why the model looks like this is in [conventions.md](conventions.md), ")
            .Append("[security.md](security.md) and [indexing.md](indexing.md).\n\n");

        AppendContents(md, catalog);
        AppendDiagram(md, catalog);
        foreach (var schema in catalog.Tables.GroupBy(t => t.Schema))
        {
            md.Append("## Schema `").Append(schema.Key).Append("`\n\n");
            foreach (var table in schema)
            {
                AppendTable(md, table);
            }
        }

        AppendModules(md, catalog);
        return md.ToString();
    }

    private static void AppendContents(StringBuilder md, SchemaCatalog catalog)
    {
        md.Append("| Table | What it holds |\n|---|---|\n");
        foreach (var table in catalog.Tables)
        {
            md.Append("| [").Append(table.FullName).Append("](#").Append(Anchor(table.FullName)).Append(") | ")
                .Append(Cell(FirstSentence(table.Description))).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void AppendDiagram(StringBuilder md, SchemaCatalog catalog)
    {
        md.Append("## Relationships\n\n```mermaid\nerDiagram\n");
        foreach (var table in catalog.Tables)
        {
            foreach (var fk in table.ForeignKeys)
            {
                var parent = catalog.Tables.FirstOrDefault(t => t.FullName == fk.ReferencedTable);
                var optional = fk.Columns.Any(c => table.Column(c)?.Nullable == true);
                var oneToOne = table.PrimaryKey is { } pk && pk.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase);
                var left = optional ? "|o" : "||";
                var right = oneToOne ? "o|" : "o{";
                md.Append("    ").Append(Entity(parent?.FullName ?? fk.ReferencedTable)).Append(' ')
                    .Append(left).Append("--").Append(right).Append(' ').Append(Entity(table.FullName))
                    .Append(" : \"").Append(fk.Name ?? string.Join(",", fk.Columns)).Append("\"\n");
            }
        }

        foreach (var table in catalog.Tables)
        {
            md.Append("    ").Append(Entity(table.FullName)).Append(" {\n");
            foreach (var column in table.Columns)
            {
                var keys = KeyMarks(table, column.Name);
                md.Append("        ").Append(column.BaseType).Append(' ').Append(column.Name);
                if (keys.Count > 0)
                {
                    md.Append(' ').Append(string.Join(", ", keys));
                }

                md.Append('\n');
            }

            md.Append("    }\n");
        }

        md.Append("```\n\n");
    }

    private static void AppendTable(StringBuilder md, TableInfo table)
    {
        md.Append("### ").Append(table.FullName).Append("\n\n");
        md.Append(table.Description ?? "_No description._").Append("\n\n");
        md.Append("| Column | Type | Null | Key | Default | Description |\n|---|---|---|---|---|---|\n");
        foreach (var column in table.Columns)
        {
            var type = column.TypeName + (column.Identity ? " identity" : string.Empty);
            var fallback = table.Defaults.FirstOrDefault(d => string.Equals(d.Column, column.Name, StringComparison.OrdinalIgnoreCase));
            md.Append("| ").Append(column.Name)
                .Append(" | ").Append(type)
                .Append(" | ").Append(column.Nullable ? "yes" : "no")
                .Append(" | ").Append(string.Join(", ", KeyMarks(table, column.Name)))
                .Append(" | ").Append(fallback is null ? string.Empty : Code(fallback.Expression))
                .Append(" | ").Append(Cell(column.Description ?? string.Empty))
                .Append(" |\n");
        }

        md.Append("\n| Constraint or index | Kind | Definition | Rule |\n|---|---|---|---|\n");
        if (table.PrimaryKey is { } pk)
        {
            Row(md, pk.Name, pk.Clustered ? "primary key, clustered" : "primary key", Columns(pk.Columns), "Identifies a row.");
        }

        foreach (var fk in table.ForeignKeys)
        {
            Row(md, fk.Name, "foreign key",
                $"{Columns(fk.Columns)} → {fk.ReferencedTable} {Columns(fk.ReferencedColumns)}",
                $"Each value must exist in {fk.ReferencedTable}.");
        }

        foreach (var index in table.Indexes)
        {
            var kind = index.Kind + (index.Clustered ? ", clustered" : string.Empty);
            var definition = Columns(index.Columns)
                + (index.IncludedColumns.Count > 0 ? $" include {Columns(index.IncludedColumns)}" : string.Empty)
                + (index.Filter is null ? string.Empty : $" where {Code(index.Filter)}");
            Row(md, index.Name, kind, definition, index.Unique
                    ? "No two rows share these values" + (index.Filter is null ? "." : " among the rows the filter keeps.")
                    : $"Serves lookups by {string.Join(", ", index.Columns)}.");
        }

        foreach (var check in table.Checks)
        {
            Row(md, check.Name, "check", Code(check.Expression), Humanize(check.Name));
        }

        foreach (var fallback in table.Defaults)
        {
            Row(md, fallback.Name, "default", $"{fallback.Column} = {Code(fallback.Expression)}", string.Empty);
        }

        md.Append('\n');
    }

    private static void AppendModules(StringBuilder md, SchemaCatalog catalog)
    {
        if (catalog.Modules.Count == 0)
        {
            return;
        }

        md.Append("## Procedures, functions, views and triggers\n\n| Name | Kind |\n|---|---|\n");
        foreach (var module in catalog.Modules)
        {
            md.Append("| ").Append(module.FullName).Append(" | ").Append(module.Kind).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void Row(StringBuilder md, string? name, string kind, string definition, string rule) =>
        md.Append("| ").Append(name ?? "_(system-named)_").Append(" | ").Append(kind).Append(" | ")
            .Append(Cell(definition)).Append(" | ").Append(Cell(rule)).Append(" |\n");

    private static List<string> KeyMarks(TableInfo table, string column)
    {
        var marks = new List<string>();
        if (table.PrimaryKey?.Columns.Contains(column, StringComparer.OrdinalIgnoreCase) == true)
        {
            marks.Add("PK");
        }

        if (table.ForeignKeys.Any(f => f.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            marks.Add("FK");
        }

        if (table.Indexes.Any(i => i.Unique && i.Columns.Contains(column, StringComparer.OrdinalIgnoreCase)))
        {
            marks.Add("UK");
        }

        return marks;
    }

    private static string Columns(IEnumerable<string> columns) => "(" + string.Join(", ", columns) + ")";

    private static string Code(string expression) => "`" + expression.Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Entity(string fullName) => fullName.Replace('.', '_');

    private static string Anchor(string fullName) => fullName.Replace(".", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static string FirstSentence(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    /// <summary>"CK_ApiKey_ExpiresAfterCreated" → "Expires after created." — the name is the rule.</summary>
    internal static string Humanize(string? name)
    {
        if (name is null)
        {
            return string.Empty;
        }

        var parts = name.Split('_');
        if (parts.Length < 3)
        {
            return string.Empty;
        }

        var words = WordBoundary().Replace(string.Join(' ', parts.Skip(2)), " $1$2").Trim();
        words = words.ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..] + ".";
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])|(?<=[a-z])([0-9]+)")]
    private static partial Regex WordBoundary();
}
