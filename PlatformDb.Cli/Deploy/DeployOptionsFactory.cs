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
    public static DacDeployOptions Create(DeployIntent intent, IReadOnlyDictionary<string, string>? sqlCmdVariables = null)
    {
        var options = new DacDeployOptions
        {
            // A guard in the script halts the publish if a table that loses a column or is dropped has rows.
            BlockOnPossibleDataLoss = true,
            // Objects the dacpac does not know (a hot-fix index, a later release's table) stay, unless rolling back.
            DropObjectsNotInSource = intent != DeployIntent.Apply,
            // Principals, their role membership and permissions are managed per environment, never dropped by a publish.
            DoNotDropObjectTypes = [ObjectType.Users, ObjectType.Logins, ObjectType.RoleMembership, ObjectType.Permissions],
            // Boundaries added at run time by partition maintenance are not "repaired" back to the dacpac's.
            IgnorePartitionSchemes = true,
            // A column added in the middle of a table is appended instead of rebuilding the table.
            IgnoreColumnOrder = true,
            // Adding a NOT NULL column without a default must fail review, not be papered over.
            GenerateSmartDefaults = false,
            // All schema changes in one transaction: a failed publish leaves the database as it was.
            IncludeTransactionalScripts = true,
            // Database-level options and compatibility belong to the environment, not the schema.
            ScriptDatabaseOptions = false,
            ScriptDatabaseCompatibility = false,
            VerifyDeployment = true,
            CommandTimeout = 300,
        };

        options.SqlCommandVariableValues["Environment"] = "dev";
        options.SqlCommandVariableValues["SeedDevData"] = "false";
        foreach (var (name, value) in sqlCmdVariables ?? new Dictionary<string, string>())
        {
            options.SqlCommandVariableValues[name] = value;
        }

        return options;
    }
}
