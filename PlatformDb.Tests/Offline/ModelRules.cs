using System.Text.RegularExpressions;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// The model conventions of docs/conventions.md as checks over a <see cref="SchemaCatalog"/>. Each returns one line per
/// violation, so a failing test names every offending object at once.
/// </summary>
public static partial class ModelRules
{
    /// <summary>Tables whose rows audit and billing history point at; they are soft-deleted, never hard-deleted.</summary>
    public static readonly string[] HistoryTables = ["audit.AuditEvent", "billing.BudgetPeriodUsage"];

    /// <summary>Tables the foundation issue names as soft-deletable.</summary>
    public static readonly string[] SoftDeletedTables = ["tenancy.Organization", "identity.User", "identity.ApiKey", "catalog.Model"];

    public static IEnumerable<string> TablesWithoutPrimaryKey(SchemaCatalog catalog) =>
        catalog.Tables.Where(t => t.PrimaryKey is null).Select(t => $"{t.FullName} has no primary key");

    public static IEnumerable<string> MissingDescriptions(SchemaCatalog catalog) =>
        catalog.Tables.Where(t => string.IsNullOrWhiteSpace(t.Description)).Select(t => $"{t.FullName} has no MS_Description")
            .Concat(catalog.Tables.SelectMany(t => t.Columns
                .Where(c => string.IsNullOrWhiteSpace(c.Description))
                .Select(c => $"{t.FullName}.{c.Name} has no MS_Description")));

    public static IEnumerable<string> SystemNamedObjects(SchemaCatalog catalog) =>
        catalog.NamedObjects.Where(o => o.Name is null).Select(o => $"{o.Table.FullName} has a system-named {o.Kind}");

    /// <summary>PK_Table, FK_Table_Parent[_Role], UQ_Table_…, CK_Table_…, DF_Table_Column, IX_Table_….</summary>
    public static IEnumerable<string> NamesBreakingConvention(SchemaCatalog catalog)
    {
        foreach (var table in catalog.Tables)
        {
            var t = table.Name;
            if (table.PrimaryKey is { Name: { } pk } && pk != $"PK_{t}")
            {
                yield return $"{table.FullName}: primary key {pk} should be PK_{t}";
            }

            foreach (var fk in table.ForeignKeys.Where(f => f.Name is not null))
            {
                var parent = fk.ReferencedTable.Split('.')[^1];
                if (fk.Name != $"FK_{t}_{parent}" && !fk.Name!.StartsWith($"FK_{t}_{parent}_", StringComparison.Ordinal))
                {
                    yield return $"{table.FullName}: foreign key {fk.Name} should be FK_{t}_{parent}[_Role]";
                }
            }

            foreach (var index in table.Indexes.Where(i => i.Name is not null))
            {
                var prefix = index.Unique ? "UQ" : "IX";
                if (!index.Name!.StartsWith($"{prefix}_{t}_", StringComparison.Ordinal))
                {
                    yield return $"{table.FullName}: {index.Kind} {index.Name} should start with {prefix}_{t}_";
                }
            }

            foreach (var check in table.Checks.Where(c => c.Name is not null))
            {
                if (!check.Name!.StartsWith($"CK_{t}_", StringComparison.Ordinal))
                {
                    yield return $"{table.FullName}: check {check.Name} should start with CK_{t}_";
                }
            }

            foreach (var fallback in table.Defaults.Where(d => d.Name is not null))
            {
                if (fallback.Name != $"DF_{t}_{fallback.Column}")
                {
                    yield return $"{table.FullName}: default {fallback.Name} should be DF_{t}_{fallback.Column}";
                }
            }
        }
    }

    /// <summary>A foreign key is supported when some key or index starts with exactly its columns.</summary>
    public static IEnumerable<string> UnindexedForeignKeys(SchemaCatalog catalog)
    {
        foreach (var table in catalog.Tables)
        {
            var leadingColumnLists = table.Indexes.Select(i => i.Columns)
                .Append(table.PrimaryKey?.Columns ?? [])
                .ToList();
            foreach (var fk in table.ForeignKeys)
            {
                var supported = leadingColumnLists.Any(cols =>
                    cols.Count >= fk.Columns.Count &&
                    cols.Take(fk.Columns.Count).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(fk.Columns));
                if (!supported)
                {
                    yield return $"{table.FullName}: foreign key {fk.Name} ({string.Join(", ", fk.Columns)}) has no supporting index";
                }
            }
        }
    }

    /// <summary>Soft-deletable tables: a nullable datetime2 DeletedAt, its check, and natural keys unique among live rows.</summary>
    public static IEnumerable<string> SoftDeleteViolations(SchemaCatalog catalog)
    {
        var required = SoftDeletedTables
            .Concat(catalog.Tables
                .Where(t => HistoryTables.Contains(t.FullName, StringComparer.OrdinalIgnoreCase))
                .SelectMany(t => t.ForeignKeys.Select(f => f.ReferencedTable)))
            .Distinct(StringComparer.OrdinalIgnoreCase);

        foreach (var name in required)
        {
            var table = catalog.Tables.FirstOrDefault(t => string.Equals(t.FullName, name, StringComparison.OrdinalIgnoreCase));
            if (table is null)
            {
                yield return $"{name} is missing from the model";
                continue;
            }

            if (table.Column("DeletedAt") is not { Nullable: true, BaseType: "datetime2" })
            {
                yield return $"{name} is pointed at by history or is a core entity but has no nullable datetime2 DeletedAt";
            }
        }

        foreach (var table in catalog.Tables.Where(t => t.Column("DeletedAt") is not null))
        {
            if (!table.Checks.Any(c => c.Name == $"CK_{table.Name}_DeletedAfterCreated"))
            {
                yield return $"{table.FullName} has DeletedAt but no CK_{table.Name}_DeletedAfterCreated";
            }

            var live = table.Indexes.Where(i => i.Name?.EndsWith("_Live", StringComparison.Ordinal) == true).ToList();
            if (live.Count == 0)
            {
                yield return $"{table.FullName} is soft-deletable but has no unique index among live rows (UQ_…_Live)";
            }

            foreach (var index in live.Where(i => !i.Unique || i.Filter is null || !LiveFilter().IsMatch(i.Filter)))
            {
                yield return $"{table.FullName}: {index.Name} must be unique and filtered on [DeletedAt] IS NULL";
            }
        }
    }

    /// <summary>
    /// A column named like a secret must not hold text, except a PHC-format hash string whose shape a check constraint
    /// enforces (a slow KDF's output carries its own salt and parameters and is safe to store).
    /// </summary>
    public static IEnumerable<string> SecretLookingTextColumns(SchemaCatalog catalog)
    {
        foreach (var table in catalog.Tables)
        {
            foreach (var column in table.Columns.Where(c => SecretName().IsMatch(c.Name) && IsText(c.BaseType)))
            {
                var phcChecked = column.Name.EndsWith("Hash", StringComparison.Ordinal) && table.Checks.Any(ck =>
                    ck.Expression.Contains(column.Name, StringComparison.OrdinalIgnoreCase) &&
                    PhcPrefix().IsMatch(ck.Expression));
                if (!phcChecked)
                {
                    yield return $"{table.FullName}.{column.Name} looks like a secret stored as {column.TypeName}";
                }
            }
        }
    }

    public static IEnumerable<string> FloatingPointColumns(SchemaCatalog catalog) =>
        catalog.Tables.SelectMany(t => t.Columns
            .Where(c => c.BaseType is "float" or "real" or "money" or "smallmoney")
            .Select(c => $"{t.FullName}.{c.Name} is {c.TypeName}; money and prices are DECIMAL"));

    public static IEnumerable<string> MoneyColumnsNotDecimal(SchemaCatalog catalog) =>
        catalog.Tables.SelectMany(t => t.Columns
            .Where(c => MoneyName().IsMatch(c.Name) && c.BaseType != "decimal")
            .Select(c => $"{t.FullName}.{c.Name} holds money but is {c.TypeName}"));

    /// <summary>Points in time are UTC datetime2 (…At columns), defaulted from SYSUTCDATETIME().</summary>
    public static IEnumerable<string> TimeColumnViolations(SchemaCatalog catalog)
    {
        foreach (var table in catalog.Tables)
        {
            foreach (var column in table.Columns)
            {
                if (column.BaseType is "datetime" or "smalldatetime" or "datetimeoffset")
                {
                    yield return $"{table.FullName}.{column.Name} is {column.TypeName}; use datetime2 in UTC";
                }
                else if (column.Name.EndsWith("At", StringComparison.Ordinal) && column.BaseType != "datetime2")
                {
                    yield return $"{table.FullName}.{column.Name} is a point in time but is {column.TypeName}";
                }
            }

            foreach (var fallback in table.Defaults.Where(d => LocalClock().IsMatch(d.Expression)))
            {
                yield return $"{table.FullName}: {fallback.Name} uses the server's local clock ({fallback.Expression}); use SYSUTCDATETIME()";
            }
        }
    }

    /// <summary>Rows that are edited (they have UpdatedAt) carry a rowversion for optimistic concurrency.</summary>
    public static IEnumerable<string> EditedTablesWithoutRowVersion(SchemaCatalog catalog) =>
        catalog.Tables
            .Where(t => t.Column("UpdatedAt") is not null && !t.Columns.Any(c => c.BaseType is "rowversion" or "timestamp"))
            .Select(t => $"{t.FullName} has UpdatedAt but no rowversion column");

    public static IEnumerable<string> ObjectsInDbo(SchemaCatalog catalog) =>
        catalog.Tables.Where(t => t.Schema == "dbo").Select(t => t.FullName)
            .Concat(catalog.Modules.Where(m => m.Schema == "dbo").Select(m => m.FullName))
            .Select(n => $"{n} is in dbo; use a domain schema");

    private static bool IsText(string baseType) => baseType is "char" or "varchar" or "nchar" or "nvarchar" or "text" or "ntext";

    [GeneratedRegex(@"\[?DeletedAt\]?\s+IS\s+NULL", RegexOptions.IgnoreCase)]
    private static partial Regex LiveFilter();

    [GeneratedRegex(@"password|secret|token$|apikey$|^key$|pepper|salt|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"'\$(argon2id|pbkdf2-sha256|pbkdf2-sha512|scrypt|bcrypt)\$", RegexOptions.IgnoreCase)]
    private static partial Regex PhcPrefix();

    [GeneratedRegex(@"^(?!.*Id$).*(Amount|Price)", RegexOptions.None)]
    private static partial Regex MoneyName();

    [GeneratedRegex(@"\b(GETDATE|SYSDATETIME|CURRENT_TIMESTAMP|SYSDATETIMEOFFSET)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LocalClock();
}
