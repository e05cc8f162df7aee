namespace PlatformDb.Cli.Schema;

/// <summary>A plain, ordered view of the tables in a dacpac: what the docs and the convention tests read.</summary>
public sealed record SchemaCatalog(IReadOnlyList<TableInfo> Tables, IReadOnlyList<ModuleInfo> Modules)
{
    public TableInfo Table(string fullName) =>
        Tables.FirstOrDefault(t => string.Equals(t.FullName, fullName, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"Table {fullName} is not in the model.");

    /// <summary>Every named constraint and index of every table.</summary>
    public IEnumerable<NamedObject> NamedObjects => Tables.SelectMany(t => t.NamedObjects);
}

public sealed record TableInfo(
    string Schema,
    string Name,
    string? Description,
    IReadOnlyList<ColumnInfo> Columns,
    KeyInfo? PrimaryKey,
    IReadOnlyList<ForeignKeyInfo> ForeignKeys,
    IReadOnlyList<IndexInfo> Indexes,
    IReadOnlyList<CheckInfo> Checks,
    IReadOnlyList<DefaultInfo> Defaults)
{
    public string FullName => $"{Schema}.{Name}";

    public ColumnInfo? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<NamedObject> NamedObjects =>
        new[] { PrimaryKey is null ? null : new NamedObject(PrimaryKey.Name, "primary key", this) }
            .Concat(ForeignKeys.Select(f => new NamedObject(f.Name, "foreign key", this)))
            .Concat(Indexes.Select(i => new NamedObject(i.Name, i.Kind, this)))
            .Concat(Checks.Select(c => new NamedObject(c.Name, "check", this)))
            .Concat(Defaults.Select(d => new NamedObject(d.Name, "default", this)))
            .OfType<NamedObject>();
}

/// <summary>A constraint or index; <see cref="Name"/> is null when the object was left system-named.</summary>
public sealed record NamedObject(string? Name, string Kind, TableInfo Table);

public sealed record ColumnInfo(
    string Name,
    string TypeName,
    bool Nullable,
    bool Identity,
    bool Computed,
    string? Description)
{
    public string BaseType => TypeName.Split('(')[0];
}

public sealed record KeyInfo(string? Name, IReadOnlyList<string> Columns, bool Clustered);

public sealed record ForeignKeyInfo(
    string? Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns);

public sealed record IndexInfo(
    string? Name,
    string Kind,
    bool Unique,
    bool Clustered,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> IncludedColumns,
    string? Filter);

public sealed record CheckInfo(string? Name, string Expression);

public sealed record DefaultInfo(string? Name, string Column, string Expression);

/// <summary>A procedure, function, view or trigger, with its definition script.</summary>
public sealed record ModuleInfo(string Schema, string Name, string Kind, string Script)
{
    public string FullName => $"{Schema}.{Name}";
}
