using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Deploy;

/// <summary>What a publish is for; it decides which objects a publish may drop.</summary>
public enum DeployIntent
{
    /// <summary>Move forward: never drop what the dacpac does not know about.</summary>
    Apply,

    /// <summary>Return to an earlier release exactly, so drift is empty afterwards.</summary>
    Rollback,

    /// <summary>Compare only: every difference, drops included, is reported.</summary>
    Drift,
}

/// <summary>
/// The deploy options every PlatformDb publish uses, with the reasons in docs/change-process.md ("Publish options").
/// Plans use the same options as the operation they preview, so a reviewed plan is what runs.
/// </summary>
public static class DeployOptionsFactory
{
    /// <summary>PlatformDb's own SQLCMD variables and their safe values: no dev seed unless a profile asks for it.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultSqlCmdVariables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Environment"] = "dev",
        ["SeedDevData"] = "false",
    };

    /// <summary>
    /// The safe options for <paramref name="intent"/>. SQLCMD values (defaults, then <paramref name="sqlCmdVariables"/>)
    /// are set only for the variables in <paramref name="declaredVariables"/>, the ones the package declares, so a foreign
    /// dacpac never receives PlatformDb's; null means "unknown" and sets them all (offline plans between PlatformDb releases).
    /// </summary>
    public static DacDeployOptions Create(
        DeployIntent intent,
        IReadOnlyDictionary<string, string>? sqlCmdVariables = null,
        IReadOnlyCollection<string>? declaredVariables = null)
    {
        var options = new DacDeployOptions
        {
            // A guard in the script halts the publish if a table that loses a column or is dropped has rows.
            BlockOnPossibleDataLoss = true,
            // Objects the dacpac does not know (a hot-fix index, a later release's table) stay, unless rolling back.
            DropObjectsNotInSource = intent != DeployIntent.Apply,
            // Principals, their role membership and permissions are managed per environment, never dropped by a publish.
            // Database roles too (v1.5.0): a rollback to a release without a role would DROP ROLE it, which fails with
            // error 15144 once the role has members, midway through the rollback.
            DoNotDropObjectTypes = [ObjectType.Users, ObjectType.Logins, ObjectType.DatabaseRoles, ObjectType.RoleMembership, ObjectType.Permissions],
            // Boundaries added at run time by partition maintenance are not "repaired" back to the dacpac's.
            IgnorePartitionSchemes = true,
            // A column added in the middle of a table is appended instead of rebuilding the table.
            IgnoreColumnOrder = true,
            // Adding a NOT NULL column without a default must fail review, not be papered over.
            GenerateSmartDefaults = false,
            // Schema changes in one transaction. Post-deployment scripts run after it commits, so a failing one leaves
            // the new schema in place (docs/change-process.md, "When a publish fails").
            IncludeTransactionalScripts = true,
            // Database-level options and compatibility belong to the environment, not the schema.
            ScriptDatabaseOptions = false,
            ScriptDatabaseCompatibility = false,
            VerifyDeployment = true,
            CommandTimeout = 300,
        };

        var declared = declaredVariables is null ? null : new HashSet<string>(declaredVariables, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in DefaultSqlCmdVariables.Concat(sqlCmdVariables ?? new Dictionary<string, string>()))
        {
            if (declared is null || declared.Contains(name))
            {
                options.SqlCommandVariableValues[name] = value;
            }
        }

        return options;
    }
}
