using Microsoft.SqlServer.Dac.Model;

namespace PlatformDb.Cli.Plans;

/// <summary>
/// What comparing the two packages' models shows beyond the deploy report: top-level objects only the starting point
/// has, and the columns added, dropped or changed in tables both have.
/// </summary>
public sealed record ModelDifferences(IReadOnlyList<StartOnlyObject> OnlyInStart, IReadOnlyList<AlteredTable> AlteredTables)
{
    public static readonly ModelDifferences None = new([], []);

    /// <summary>Loads both models from their dacpac files (independently of the DacFx comparison, so it can run beside it).</summary>
    public static ModelDifferences Compare(string destinationDacpac, string startDacpac)
    {
        using var destination = TSqlModel.LoadFromDacpac(destinationDacpac, new ModelLoadOptions());
        using var start = TSqlModel.LoadFromDacpac(startDacpac, new ModelLoadOptions());
        return Compare(destination, start);
    }

    public static ModelDifferences Compare(TSqlModel destination, TSqlModel start)
    {
        var destinationObjects = TopLevel(destination).Select(o => Key(o)).ToHashSet();
        var onlyInStart = TopLevel(start)
            .Where(o => !destinationObjects.Contains(Key(o)))
            .Select(o => new StartOnlyObject(o.Name.ToString(), o.ObjectType.Name, OwnerOf(o)))
            .OrderBy(o => o.Type, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();

        var startTables = start.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass).ToDictionary(t => t.Name.ToString(), StringComparer.OrdinalIgnoreCase);
        var altered = new List<AlteredTable>();
        foreach (var table in destination.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass).OrderBy(t => t.Name.ToString(), StringComparer.Ordinal))
        {
            if (startTables.TryGetValue(table.Name.ToString(), out var before) && Diff(table.Name.ToString(), before, table) is { } change)
            {
                altered.Add(change);
            }
        }

        return new ModelDifferences(onlyInStart, altered);
    }

    private static IEnumerable<TSqlObject> TopLevel(TSqlModel model) =>
        model.GetObjects(DacQueryScopes.UserDefined).Where(o => o.Name.HasName);

    /// <summary>Relationships that tie an object to the one it belongs to (a key to its table, a grant to its securable).</summary>
    private static readonly HashSet<string> OwnerRelationships =
        new(["Host", "IndexedObject", "DefiningTable", "TriggerObject", "SecuredObject", "Parent", "Table"], StringComparer.Ordinal);

    private static string? OwnerOf(TSqlObject o)
    {
        if (o.GetParent(DacQueryScopes.All) is { } parent)
        {
            return parent.Name.ToString();
        }

        return o.GetReferencedRelationshipInstances(DacQueryScopes.All)
            .FirstOrDefault(r => OwnerRelationships.Contains(r.Relationship.Name))?.ObjectName.ToString();
    }

    private static (string Name, string Type) Key(TSqlObject o) => (o.Name.ToString(), o.ObjectType.Name);

    private static AlteredTable? Diff(string name, TSqlObject before, TSqlObject after)
    {
        var old = Columns(before);
        var @new = Columns(after);
        var added = @new.Where(c => !old.ContainsKey(c.Key)).Select(c => new ColumnChange(c.Key, null, c.Value)).ToList();
        var dropped = old.Where(c => !@new.ContainsKey(c.Key)).Select(c => new ColumnChange(c.Key, c.Value, null)).ToList();
        var changed = @new.Where(c => old.TryGetValue(c.Key, out var was) && was != c.Value)
            .Select(c => new ColumnChange(c.Key, old[c.Key], c.Value)).ToList();
        return added.Count + dropped.Count + changed.Count == 0 ? null : new AlteredTable(name, added, dropped, changed);
    }

    /// <summary>Column name to definition, in table order (insertion order of the dictionary).</summary>
    private static Dictionary<string, string> Columns(TSqlObject table)
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in table.GetReferenced(Table.Columns))
        {
            columns[column.Name.Parts[^1]] = Definition(column);
        }

        return columns;
    }

    /// <summary>"nvarchar(100) NOT NULL", "decimal(18,2) NULL", or "AS (expression)" for a computed column.</summary>
    public static string Definition(TSqlObject column)
    {
        if (column.GetMetadata<ColumnType>(Column.ColumnType) == ColumnType.ComputedColumn)
        {
            return $"AS {column.GetProperty<string>(Column.Expression)}";
        }

        var type = column.GetReferenced(Column.DataType).FirstOrDefault()?.Name.Parts[^1].ToLowerInvariant() ?? "?";
        var size = type switch
        {
            "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" =>
                column.GetProperty<bool>(Column.IsMax) ? "(max)" : $"({column.GetProperty<int>(Column.Length)})",
            "decimal" or "numeric" => $"({column.GetProperty<int>(Column.Precision)},{column.GetProperty<int>(Column.Scale)})",
            "datetime2" or "time" or "datetimeoffset" => $"({column.GetProperty<int>(Column.Scale)})",
            _ => "",
        };
        var nullability = column.GetProperty<bool>(Column.Nullable) ? "NULL" : "NOT NULL";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{type}{size} {nullability}");
    }
}

/// <summary>A top-level object only the starting point has, with the object it belongs to (a table for its key), if any.</summary>
public sealed record StartOnlyObject(string Name, string Type, string? Owner);
