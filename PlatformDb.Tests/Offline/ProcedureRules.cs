using Microsoft.SqlServer.Dac.Model;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// Rules on which procedures a role may execute (docs/security.md), as checks over a DacFx model. Each returns one line
/// per violation.
/// </summary>
public static class ProcedureRules
{
    /// <summary>The entry point that discovers the organization from the key hash, so it cannot take one.</summary>
    public const string OrganizationDiscoveringProcedure = "identity.AuthenticateApiKey";

    /// <summary>
    /// Reviewed exceptions to the tenant-scope rule (docs/service-path.md, v1.4.0): they act before an organization is
    /// known. A login is looked up by e-mail before the service knows the user's organizations; a user and an
    /// organization are created before any membership exists. Each still refuses unknown or deleted rows. A person is
    /// erased in every organization at once (identity.EraseUser, v1.5.0), by the person or the platform only.
    /// </summary>
    public static readonly IReadOnlySet<string> OrganizationFreeProcedures = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "identity.GetLoginByEmail", "identity.RecordLoginAttempt", "identity.CreateUser", "identity.SetPasswordHash",
        "tenancy.CreateOrganization",
        // v1.5.0: erasing a person spans every organization it belongs to; only the person or the platform may call it.
        "identity.EraseUser",
        // v1.5.0: the audit log is one chain across every organization; granted to platform_auditor only, and both refuse
        // (50404) a session confined to one organization, where row-level security would hide part of the chain.
        "audit.VerifyAuditChain", "audit.GetAuditChainHead",
    };

    /// <summary>
    /// Parameters that carry an event's own time, not a clock: the procedure accepts them only within a window around the
    /// server's SYSUTCDATETIME() (usage.RecordUsageEvent: 2 days back, 5 minutes ahead; docs/analytics.md). Each entry is
    /// a reviewed exception; a new time parameter on a granted procedure still fails the rule.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> EventTimeParameters =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) {
            ["usage.RecordUsageEvent"] = "@OccurredAt",
            // v1.4.0: the same window, through usage.CheckUsageEvents with the server's clock.
            ["billing.RecordRequest"] = "@OccurredAt",
            // v1.4.0: not a clock but the key's validity date, refused (50111) unless after the server's SYSUTCDATETIME().
            ["identity.CreateApiKey"] = "@ExpiresAt",
        };

    private static readonly string[] TimeTypes = ["date", "datetime", "datetime2", "datetimeoffset", "smalldatetime", "time"];

    /// <summary>"schema.name" of every procedure some role may execute: granted on the procedure, its schema or the database.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ExecutableByRole(TSqlModel model)
    {
        var procedures = model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass).ToList();
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var permission in model.GetObjects(DacQueryScopes.UserDefined, Permission.TypeClass))
        {
            var action = permission.GetProperty<PermissionAction>(Permission.PermissionAction);
            var type = permission.GetProperty<PermissionType>(Permission.PermissionType);
            if (action != PermissionAction.Grant ||
                type is not (PermissionType.Execute or PermissionType.Control))
            {
                continue;
            }

            var grantee = permission.GetReferenced(Permission.Grantee).FirstOrDefault()?.Name.Parts[^1] ?? "(unknown)";
            var secured = permission.GetReferenced(Permission.SecuredObject).FirstOrDefault();
            IEnumerable<TSqlObject> covered = secured switch
            {
                null => procedures,
                { ObjectType.Name: "Schema" } => procedures.Where(p => Same(p.Name.Parts[0], secured.Name.Parts[^1])),
                { ObjectType.Name: "Procedure" } => procedures.Where(p => Same(NameOf(p), NameOf(secured))),
                _ => [],
            };
            foreach (var procedure in covered)
            {
                var name = NameOf(procedure);
                var roles = result.TryGetValue(name, out var existing) ? existing : [];
                result[name] = roles.Append(grantee).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            }
        }

        return result;
    }

    /// <summary>No procedure a role may execute lets its caller set the clock.</summary>
    public static IEnumerable<string> GrantedProceduresWithTimeParameters(TSqlModel model)
    {
        var granted = ExecutableByRole(model);
        foreach (var procedure in model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass))
        {
            var name = NameOf(procedure);
            if (!granted.TryGetValue(name, out var roles))
            {
                continue;
            }

            foreach (var parameter in procedure.GetReferenced(Procedure.Parameters))
            {
                var type = parameter.GetReferenced(Parameter.DataType).FirstOrDefault()?.Name.Parts[^1] ?? "";
                var isEventTime = EventTimeParameters.TryGetValue(name, out var eventTime) && Same(eventTime, parameter.Name.Parts[^1]);
                if (TimeTypes.Contains(type, StringComparer.OrdinalIgnoreCase) && !isEventTime)
                {
                    yield return $"{name} (executable by {string.Join(", ", roles)}) takes {parameter.Name.Parts[^1]} {type}: a caller-controlled clock";
                }
            }
        }
    }

    /// <summary>The internal clock-taking procedures (named …At) are executable by no role.</summary>
    public static IEnumerable<string> GrantedInternalAtProcedures(TSqlModel model) =>
        ExecutableByRole(model)
            .Where(p => p.Key.EndsWith("At", StringComparison.Ordinal))
            .Select(p => $"{p.Key} takes the clock and must not be executable by {string.Join(", ", p.Value)}");

    /// <summary>Every procedure a role may execute, except the organization-discovering entry point, takes @OrganizationId INT first.</summary>
    public static IEnumerable<string> GrantedProceduresNotScopedToAnOrganization(TSqlModel model)
    {
        var granted = ExecutableByRole(model);
        foreach (var procedure in model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass))
        {
            var name = NameOf(procedure);
            if (!granted.ContainsKey(name) || Same(name, OrganizationDiscoveringProcedure) || OrganizationFreeProcedures.Contains(name))
            {
                continue;
            }

            var first = procedure.GetReferenced(Procedure.Parameters).FirstOrDefault();
            var firstName = first?.Name.Parts[^1];
            var firstType = first?.GetReferenced(Parameter.DataType).FirstOrDefault()?.Name.Parts[^1];
            if (!Same(firstName ?? "", "@OrganizationId") || !Same(firstType ?? "", "int"))
            {
                yield return $"{name} must take @OrganizationId INT as its first parameter (has {firstName ?? "none"} {firstType})";
            }
        }
    }

    private static string NameOf(TSqlObject obj) => $"{obj.Name.Parts[^2]}.{obj.Name.Parts[^1]}";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
