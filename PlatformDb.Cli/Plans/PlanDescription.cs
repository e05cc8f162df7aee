namespace PlatformDb.Cli.Plans;

/// <summary>
/// Everything a reviewer or a pipeline needs to judge a plan, as plain data: rendered as summary.txt and the console
/// (<see cref="PlanText"/>) and as JSON (<see cref="PlanJson"/>, shape in docs/json-plan.md).
/// </summary>
public sealed record PlanDescription
{
    /// <summary>Bumped when a field is renamed or removed; new fields may appear without a bump.</summary>
    public int SchemaVersion { get; init; } = 1;

    public required PlanEnd From { get; init; }

    public required PlanEnd To { get; init; }

    public required IntentChoice Intent { get; init; }

    /// <summary>The database name the script's :setvar DatabaseName carries.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The publish profile laid over the defaults, or null for none.</summary>
    public string? Profile { get; init; }

    public required IReadOnlyDictionary<string, string> SqlCmdVariables { get; init; }

    /// <summary>The release manifests passed (only when both ends are releases), in the order they are passed.</summary>
    public required IReadOnlyList<ReleaseNote> Releases { get; init; }

    public required IReadOnlyList<OperationItem> Operations { get; init; }

    public required IReadOnlyList<AlertVerdict> Alerts { get; init; }

    /// <summary>Objects of the starting point that the destination lacks and this plan leaves in place.</summary>
    public required IReadOnlyList<KeptObject> KeptObjects { get; init; }

    public required IReadOnlyList<AlteredTable> AlteredTables { get; init; }

    public required IReadOnlyList<PermissionStatement> Permissions { get; init; }

    /// <summary>What the destination's post-deployment script announces (its top-level PRINT lines), in order.</summary>
    public required IReadOnlyList<string> PostDeployScripts { get; init; }

    /// <summary>Why some facts could not be derived (e.g. no model of a live database offline); empty when complete.</summary>
    public IReadOnlyList<string> Limitations { get; init; } = [];

    public bool HasUndeclaredDataLoss => Alerts.Any(a => a.Status == AlertVerdict.Unexpected);
}

/// <summary>One end of the plan. Kind: release, current, dacpac or database.</summary>
public sealed record PlanEnd(string Label, string Kind, string? Version, string? Sha256, string? Path);

/// <summary>The intent used and who chose it: "--intent" (the caller) or "version order".</summary>
public sealed record IntentChoice(string Value, string ChosenBy, string Reason);

public sealed record ReleaseNote(string Version, string Direction, string Summary, string DataLoss);

public sealed record OperationItem(string Operation, string Object, string Type);

/// <summary>An alert with the verdict on it: status expected, unexpected (data loss no manifest declares) or info.</summary>
public sealed record AlertVerdict(string Name, string Issue, bool DataLoss, string Status, string Reason)
{
    public const string Expected = "expected";
    public const string Unexpected = "unexpected";
    public const string Info = "info";
}

/// <summary>An object the plan keeps although the destination lacks it, and the option that would drop it.</summary>
public sealed record KeptObject(string Name, string Type, string DroppedBy);

public sealed record AlteredTable(string Table, IReadOnlyList<ColumnChange> Added, IReadOnlyList<ColumnChange> Dropped, IReadOnlyList<ColumnChange> Changed);

/// <summary>A column and its definition before and after, e.g. "nvarchar(100) NOT NULL"; null where it does not exist.</summary>
public sealed record ColumnChange(string Column, string? Before, string? After);

/// <summary>A GRANT/DENY/REVOKE in the script: the permission, the securable it is ON and the principal it is TO/FROM.</summary>
public sealed record PermissionStatement(string Action, string Permission, string On, string Principal);
