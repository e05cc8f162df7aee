using Microsoft.SqlServer.Dac.Model;
using PlatformDb.Cli.Schema;

namespace PlatformDb.Tests.Offline;

/// <summary>One permission statement of the model as docs/security.md ("Permission review") lists it.</summary>
public sealed record PermissionRow(string Grantee, string Permission, string Securable, string Columns, string State)
{
    public override string ToString() => $"| {Grantee} | {Permission} | `{Securable}` | {Columns} | {State} |";
}

/// <summary>
/// The security facts of a model in the shapes docs/security.md reviews: character columns (PII inventory), permission
/// statements and role memberships (permission review), masks and the tenant isolation policy.
/// </summary>
public static class SecurityRules
{
    public const string Policy = "security.TenantIsolationPolicy";

    private static readonly HashSet<string> CharacterTypes = new(StringComparer.OrdinalIgnoreCase) { "char", "varchar", "nchar", "nvarchar", "text", "ntext" };

    /// <summary>Every character column of every table, as schema.table.column.</summary>
    public static IEnumerable<string> CharacterColumns(SchemaCatalog catalog) =>
        catalog.Tables.SelectMany(t => t.Columns.Where(c => CharacterTypes.Contains(c.BaseType)).Select(c => $"{t.FullName}.{c.Name}"));

    /// <summary>
    /// Every permission statement; column grants (one model object per column) are folded into one row with the columns
    /// in alphabetical order, as the GRANT statement that wrote them.
    /// </summary>
    public static IEnumerable<PermissionRow> Permissions(TSqlModel model) =>
        model.GetObjects(DacQueryScopes.UserDefined, Permission.TypeClass)
            .Select(p =>
            {
                var secured = p.GetReferenced(Permission.SecuredObject).FirstOrDefault();
                var (securable, column) = secured switch
                {
                    null => ("DATABASE", null),
                    _ when secured.ObjectType == Schema.TypeClass => ($"SCHEMA::{secured.Name.Parts[^1]}", null),
                    _ when secured.ObjectType == Column.TypeClass => ($"{secured.Name.Parts[0]}.{secured.Name.Parts[1]}", secured.Name.Parts[2]),
                    _ when secured.ObjectType == TableType.TypeClass || secured.ObjectType == UserDefinedType.TypeClass
                        => ($"TYPE::{string.Join('.', secured.Name.Parts)}", (string?)null),
                    _ => (string.Join('.', secured.Name.Parts), null),
                };
                return (Grantee: p.GetReferenced(Permission.Grantee).First().Name.Parts[^1],
                    Permission: p.GetProperty<PermissionType>(Permission.PermissionType).ToString().ToUpperInvariant(),
                    Securable: securable,
                    Column: column,
                    State: p.GetProperty<PermissionAction>(Permission.PermissionAction).ToString().ToUpperInvariant());
            })
            .GroupBy(p => (p.Grantee, p.Permission, p.Securable, p.State))
            .Select(g => new PermissionRow(g.Key.Grantee, g.Key.Permission, g.Key.Securable,
                string.Join(", ", g.Select(p => p.Column).OfType<string>().Order(StringComparer.Ordinal)), g.Key.State))
            .OrderBy(r => r.Grantee, StringComparer.Ordinal).ThenBy(r => r.Securable, StringComparer.Ordinal)
            .ThenBy(r => r.Permission, StringComparer.Ordinal).ThenBy(r => r.State, StringComparer.Ordinal);

    /// <summary>Every role membership declared in the model, as (role, member).</summary>
    public static IEnumerable<(string Role, string Member)> RoleMemberships(TSqlModel model) =>
        model.GetObjects(DacQueryScopes.UserDefined, RoleMembership.TypeClass)
            .Select(m => (m.GetReferenced(RoleMembership.Role).First().Name.Parts[^1], m.GetReferenced(RoleMembership.Member).First().Name.Parts[^1]));

    /// <summary>Masked columns as schema.table.column → masking function.</summary>
    public static IReadOnlyDictionary<string, string> Masks(TSqlModel model) =>
        model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass)
            .SelectMany(t => t.GetReferenced(Table.Columns))
            .Select(c => (Name: string.Join('.', c.Name.Parts), Function: c.GetProperty<string>(Column.MaskingFunction)))
            .Where(c => !string.IsNullOrEmpty(c.Function))
            .ToDictionary(c => c.Name, c => c.Function!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Predicates of a security policy: target table → "Filter" and "Block AfterInsert"-style entries.</summary>
    public static IReadOnlyDictionary<string, List<string>> PolicyPredicates(TSqlObject policy) =>
        policy.GetReferenced(SecurityPolicy.Predicates)
            .Select(p =>
            {
                var kind = p.GetProperty<SecurityPredicateType>(SecurityPredicate.PredicateType);
                var operation = p.GetProperty<SecurityPredicateOperation>(SecurityPredicate.Operation);
                var target = string.Join('.', p.GetReferenced(SecurityPredicate.TargetObject).First().Name.Parts);
                // The body as function(columns), from its dependencies (BodyScript is not a plain string property).
                var dependencies = p.GetReferenced(SecurityPredicate.BodyDependencies).ToList();
                var function = dependencies.Where(d => d.ObjectType == TableValuedFunction.TypeClass).Select(d => string.Join('.', d.Name.Parts)).FirstOrDefault();
                var columns = dependencies.Where(d => d.ObjectType == Column.TypeClass).Select(d => d.Name.Parts[^1]);
                var body = $"{function}({string.Join(", ", columns)})";
                return (Target: target, Entry: kind == SecurityPredicateType.Filter ? "Filter" : $"Block {operation}", Body: body);
            })
            .GroupBy(p => p.Target, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(p => $"{p.Entry}: {p.Body}").Order(StringComparer.Ordinal).ToList(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when the procedure, or an internal procedure it executes, cannot do its work on a connection confined to one
    /// organization (docs/security.md, "Procedures on a confined connection"): it writes an audit event without
    /// organization or a new organization (both refused by the AFTER INSERT block predicate, error 33504), or it refuses
    /// a session organization itself.
    /// </summary>
    public static bool CannotRunConfined(string procedure, IReadOnlyDictionary<string, string> procedureScripts, ISet<string>? seen = null)
    {
        seen ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!seen.Add(procedure) || !procedureScripts.TryGetValue(procedure, out var script))
        {
            return false;
        }

        var flat = System.Text.RegularExpressions.Regex.Replace(script, @"\s+", " ");
        var writesOrganizationFreeAudit = System.Text.RegularExpressions.Regex.IsMatch(flat,
            @"INSERT INTO \[audit\]\.\[AuditEvent\] \(\[OrganizationId\][^)]*\) VALUES \(NULL\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var createsOrganization = flat.Contains("INSERT INTO [tenancy].[Organization]", StringComparison.OrdinalIgnoreCase);
        var refusesSession = flat.Contains("SESSION_CONTEXT(N'OrganizationId') IS NOT NULL", StringComparison.OrdinalIgnoreCase);
        if (writesOrganizationFreeAudit || createsOrganization || refusesSession)
        {
            return true;
        }

        return System.Text.RegularExpressions.Regex.Matches(flat, @"EXEC(?:UTE)? \[([A-Za-z]+)\]\.\[([A-Za-z]+)\]", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Any(m => CannotRunConfined($"{m.Groups[1].Value}.{m.Groups[2].Value}", procedureScripts, seen));
    }

    /// <summary>
    /// The rows of the first Markdown table after the line <paramref name="heading"/> (header and separator skipped),
    /// each cell trimmed and stripped of backticks.
    /// </summary>
    public static IReadOnlyList<string[]> MarkdownTable(string markdown, string heading)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"docs/security.md has no heading '{heading}'.");
        }

        return lines.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim().Replace("`", "", StringComparison.Ordinal)).ToArray())
            .ToList();
    }
}
