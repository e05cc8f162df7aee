using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Index = Microsoft.SqlServer.Dac.Model.Index;

namespace PlatformDb.Cli.Schema;

/// <summary>Reads a <see cref="SchemaCatalog"/> out of a DacFx model.</summary>
public static partial class SchemaCatalogReader
{
    public static SchemaCatalog Load(string dacpacPath)
    {
        using var model = TSqlModel.LoadFromDacpac(dacpacPath, new ModelLoadOptions());
        return Read(model);
    }

    public static SchemaCatalog Read(TSqlModel model)
    {
        var descriptions = ReadDescriptions(model);
        var tables = model.GetObjects(DacQueryScopes.UserDefined, ModelSchema.Table)
            .Select(t => ReadTable(t, descriptions))
            .OrderBy(t => t.Schema, StringComparer.Ordinal)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

        var modules = new[]
            {
                (ModelSchema.Procedure, "procedure"),
                (ModelSchema.ScalarFunction, "function"),
                (ModelSchema.TableValuedFunction, "function"),
                (ModelSchema.View, "view"),
                (ModelSchema.DmlTrigger, "trigger"),
            }
            .SelectMany(k => model.GetObjects(DacQueryScopes.UserDefined, k.Item1)
                .Select(o => new ModuleInfo(o.Name.Parts[0], o.Name.Parts[^1], k.Item2, o.GetScript())))
            .OrderBy(m => m.Schema, StringComparer.Ordinal)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

        return new SchemaCatalog(tables, modules);
    }

    private static TableInfo ReadTable(TSqlObject table, IReadOnlyDictionary<string, string> descriptions)
    {
        var schema = table.Name.Parts[0];
        var name = table.Name.Parts[1];

        var columns = table.GetReferenced(Table.Columns)
            .Select(c => new ColumnInfo(
                c.Name.Parts[^1],
                TypeName(c),
                c.GetProperty<bool>(Column.Nullable),
                c.GetProperty<bool>(Column.IsIdentity),
                c.GetMetadata<ColumnType>(Column.ColumnType) == ColumnType.ComputedColumn,
                descriptions.GetValueOrDefault(Key(schema, name, c.Name.Parts[^1]))))
            .ToList();

        var primaryKey = table.GetReferencing(PrimaryKeyConstraint.Host)
            .Select(pk => new KeyInfo(ConstraintName(pk), ColumnNames(pk, PrimaryKeyConstraint.Columns),
                pk.GetProperty<bool>(PrimaryKeyConstraint.Clustered)))
            .FirstOrDefault();

        var foreignKeys = table.GetReferencing(ForeignKeyConstraint.Host)
            .Select(fk => new ForeignKeyInfo(
                ConstraintName(fk),
                ColumnNames(fk, ForeignKeyConstraint.Columns),
                string.Join('.', fk.GetReferenced(ForeignKeyConstraint.ForeignTable).Single().Name.Parts),
                ColumnNames(fk, ForeignKeyConstraint.ForeignColumns)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var uniqueConstraints = table.GetReferencing(UniqueConstraint.Host)
            .Select(uq => new IndexInfo(
                ConstraintName(uq), "unique constraint", true, uq.GetProperty<bool>(UniqueConstraint.Clustered),
                ColumnNames(uq, UniqueConstraint.Columns), [], null));

        var indexes = table.GetReferencing(Index.IndexedObject)
            .Select(ix => new IndexInfo(
                ix.Name.HasName ? ix.Name.Parts[^1] : null,
                ix.GetProperty<bool>(Index.Unique) ? "unique index" : "index",
                ix.GetProperty<bool>(Index.Unique),
                ix.GetProperty<bool>(Index.Clustered),
                ColumnNames(ix, Index.Columns),
                ColumnNames(ix, Index.IncludedColumns),
                NullIfBlank(ScriptProperty(ix, Index.FilterPredicate))));

        var allIndexes = uniqueConstraints.Concat(indexes).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();

        var checks = table.GetReferencing(CheckConstraint.Host)
            .Select(ck => new CheckInfo(ConstraintName(ck), Squash(ScriptProperty(ck, CheckConstraint.Expression) ?? string.Empty)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var defaults = table.GetReferencing(DefaultConstraint.Host)
            .Select(df => new DefaultInfo(
                ConstraintName(df),
                df.GetReferenced(DefaultConstraint.TargetColumn).Single().Name.Parts[^1],
                Squash(ScriptProperty(df, DefaultConstraint.Expression) ?? string.Empty)))
            .OrderBy(d => d.Column, StringComparer.Ordinal)
            .ToList();

        return new TableInfo(schema, name, descriptions.GetValueOrDefault(Key(schema, name, null)), columns, primaryKey,
            foreignKeys, allIndexes, checks, defaults);
    }

    private static string? ConstraintName(TSqlObject constraint) =>
        constraint.Name.HasName ? constraint.Name.Parts[^1] : null;

    private static List<string> ColumnNames(TSqlObject owner, ModelRelationshipClass relationship) =>
        owner.GetReferenced(relationship).Select(c => c.Name.Parts[^1]).ToList();

    private static string TypeName(TSqlObject column)
    {
        var type = column.GetReferenced(Column.DataType).FirstOrDefault();
        if (type is null)
        {
            return "computed";
        }

        var name = type.Name.Parts[^1].ToLowerInvariant();
        if (column.GetProperty<bool>(Column.IsMax))
        {
            return $"{name}(max)";
        }

        return name switch
        {
            "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" =>
                $"{name}({column.GetProperty<int>(Column.Length)})",
            "decimal" or "numeric" =>
                $"{name}({column.GetProperty<int>(Column.Precision)},{column.GetProperty<int>(Column.Scale)})",
            "datetime2" or "time" or "datetimeoffset" => $"{name}({column.GetProperty<int>(Column.Scale)})",
            _ => name,
        };
    }

    /// <summary>MS_Description values keyed by "schema.table" or "schema.table.column".</summary>
    private static Dictionary<string, string> ReadDescriptions(TSqlModel model)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in model.GetObjects(DacQueryScopes.UserDefined, ModelSchema.ExtendedProperty))
        {
            if (!string.Equals(property.Name.Parts[^1], "MS_Description", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var host = property.GetReferenced(ExtendedProperty.Host).FirstOrDefault();
            if (host is null || host.Name.Parts.Count < 2)
            {
                continue;
            }

            var value = DescriptionValue(property.GetScript());
            if (value is null)
            {
                continue;
            }

            var parts = host.Name.Parts;
            var key = host.ObjectType == ModelSchema.Column
                ? Key(parts[0], parts[1], parts[2])
                : Key(parts[0], parts[1], null);
            result[key] = value;
        }

        return result;
    }

    private static string Key(string schema, string table, string? column) =>
        column is null ? $"{schema}.{table}" : $"{schema}.{table}.{column}";

    /// <summary>The N'...' value in the sp_addextendedproperty script that DacFx gives back.</summary>
    internal static string? DescriptionValue(string script)
    {
        var match = ValuePattern().Match(script);
        return match.Success ? match.Groups["v"].Value.Replace("''", "'", StringComparison.Ordinal) : null;
    }

    /// <summary>
    /// Expression-valued properties come back as DacFx's internal SqlScriptProperty, not string; its public
    /// Script property holds the T-SQL text.
    /// </summary>
    private static string? ScriptProperty(TSqlObject owner, ModelPropertyClass property)
    {
        var value = owner.GetProperty<object>(property);
        return value?.GetType().GetProperty("Script")?.GetValue(value) as string ?? value?.ToString();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : Squash(value);

    private static string Squash(string value) => Whitespace().Replace(value.Trim(), " ");

    [GeneratedRegex(@"@value\s*=\s*N?'(?<v>(?:[^']|'')*)'", RegexOptions.IgnoreCase)]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
