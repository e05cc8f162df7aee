using System.IO.Compression;
using System.Xml.Linq;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Plans;

/// <summary>
/// What comparing the two packages' models shows beyond the deploy report: top-level objects only the starting point
/// has, and the columns added, dropped or changed in tables both have. Reads each dacpac's model.xml directly: the
/// same model TSqlModel loads, at a small fraction of TSqlModel's load time (docs/build.md, "Plan speed").
/// </summary>
public sealed record ModelDifferences(IReadOnlyList<StartOnlyObject> OnlyInStart, IReadOnlyList<AlteredTable> AlteredTables)
{
    public static readonly ModelDifferences None = new([], []);

    /// <summary>Relationships that tie an object to the one it belongs to (a key to its table, a grant to its securable).</summary>
    private static readonly HashSet<string> OwnerRelationships =
        new(["Host", "IndexedObject", "DefiningTable", "TriggerObject", "SecuredObject", "Parent", "Table"], StringComparer.Ordinal);

    public static ModelDifferences Compare(string destinationDacpac, string startDacpac)
    {
        var destination = TopLevel(Load(destinationDacpac));
        var start = TopLevel(Load(startDacpac));
        var destinationKeys = destination.Select(Key).ToHashSet();
        var onlyInStart = start
            .Where(e => !destinationKeys.Contains(Key(e)))
            .Select(e => new StartOnlyObject(NameOf(e)!, TypeName(e), OwnerOf(e)))
            .OrderBy(o => o.Type, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();

        var startTables = start.Where(IsTable).ToDictionary(e => NameOf(e)!, StringComparer.OrdinalIgnoreCase);
        var altered = destination.Where(IsTable)
            .OrderBy(e => NameOf(e), StringComparer.Ordinal)
            .Select(table => startTables.TryGetValue(NameOf(table)!, out var before) ? Diff(NameOf(table)!, before, table) : null)
            .OfType<AlteredTable>()
            .ToList();
        return new ModelDifferences(onlyInStart, altered);
    }

    private static XElement Load(string dacpac)
    {
        try
        {
            using var zip = ZipFile.OpenRead(dacpac);
            var entry = zip.GetEntry("model.xml") ?? throw new PlatformDbException($"{dacpac} holds no model.xml.");
            using var stream = entry.Open();
            return XDocument.Load(stream).Root ?? throw new PlatformDbException($"{dacpac}: model.xml is empty.");
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
        {
            throw new PlatformDbException($"{dacpac} is not a readable dacpac: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static List<XElement> TopLevel(XElement root) =>
        root.Elements().Where(e => e.Name.LocalName == "Model")
            .Elements().Where(e => e.Name.LocalName == "Element" && NameOf(e) is not null)
            .ToList();

    private static string? NameOf(XElement element) => (string?)element.Attribute("Name");

    /// <summary>"SqlTable" → "Table", as in the deploy report's types without their prefix.</summary>
    private static string TypeName(XElement element) =>
        ((string?)element.Attribute("Type") ?? "") is var type && type.StartsWith("Sql", StringComparison.Ordinal) ? type[3..] : type;

    private static (string, string) Key(XElement element) => (NameOf(element)!, TypeName(element));

    private static bool IsTable(XElement element) => (string?)element.Attribute("Type") == "SqlTable";

    private static IEnumerable<XElement> Children(XElement element, string name) =>
        element.Elements().Where(e => e.Name.LocalName == name);

    private static string? Property(XElement element, string name) =>
        Children(element, "Property").FirstOrDefault(p => (string?)p.Attribute("Name") == name) is { } property
            ? (string?)property.Attribute("Value") ?? Children(property, "Value").FirstOrDefault()?.Value
            : null;

    private static IEnumerable<XElement> Related(XElement element, string relationship) =>
        Children(element, "Relationship").Where(r => (string?)r.Attribute("Name") == relationship)
            .SelectMany(r => Children(r, "Entry")).SelectMany(e => e.Elements());

    private static string? OwnerOf(XElement element) =>
        Children(element, "Relationship")
            .Where(r => OwnerRelationships.Contains((string?)r.Attribute("Name") ?? ""))
            .SelectMany(r => Children(r, "Entry")).SelectMany(e => e.Elements())
            .Select(NameOf).FirstOrDefault(n => n is not null);

    private static AlteredTable? Diff(string name, XElement before, XElement after)
    {
        var old = Columns(before);
        var @new = Columns(after);
        var added = @new.Where(c => !old.ContainsKey(c.Key)).Select(c => new ColumnChange(c.Key, null, c.Value)).ToList();
        var dropped = old.Where(c => !@new.ContainsKey(c.Key)).Select(c => new ColumnChange(c.Key, c.Value, null)).ToList();
        var changed = @new.Where(c => old.TryGetValue(c.Key, out var was) && was != c.Value)
            .Select(c => new ColumnChange(c.Key, old[c.Key], c.Value)).ToList();
        return added.Count + dropped.Count + changed.Count == 0 ? null : new AlteredTable(name, added, dropped, changed);
    }

    /// <summary>Column name to definition, in table order.</summary>
    private static Dictionary<string, string> Columns(XElement table)
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in Related(table, "Columns").Where(e => e.Name.LocalName == "Element"))
        {
            var name = NameOf(column) ?? "";
            var last = name.LastIndexOf(".[", StringComparison.Ordinal);
            columns[last < 0 ? name : name[(last + 2)..^1]] = Definition(column);
        }

        return columns;
    }

    /// <summary>"nvarchar(100) NOT NULL", "decimal(18,2) NULL", or "AS expression" for a computed column.</summary>
    internal static string Definition(XElement column)
    {
        if ((string?)column.Attribute("Type") == "SqlComputedColumn")
        {
            return $"AS {Property(column, "ExpressionScript")?.Trim()}";
        }

        var specifier = Related(column, "TypeSpecifier").FirstOrDefault();
        var type = specifier is null ? "?" : (Related(specifier, "Type").Select(NameOf).FirstOrDefault() ?? "?").Trim('[', ']').ToLowerInvariant();
        string Size(string property, string fallback) => specifier is null ? fallback : Property(specifier, property) ?? fallback;
        var size = type switch
        {
            "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" =>
                Size("IsMax", "False") == "True" ? "(max)" : $"({Size("Length", "1")})",
            "decimal" or "numeric" => $"({Size("Precision", "18")},{Size("Scale", "0")})",
            "datetime2" or "time" or "datetimeoffset" => $"({Size("Scale", "7")})",
            _ => "",
        };
        return $"{type}{size} {(Property(column, "IsNullable") == "False" ? "NOT NULL" : "NULL")}";
    }
}

/// <summary>A top-level object only the starting point has, with the object it belongs to (a table for its key), if any.</summary>
public sealed record StartOnlyObject(string Name, string Type, string? Owner);
