namespace PlatformDb.Cli.Core;

/// <summary>An alert of a DacFx deploy report, e.g. DataIssue "The column [x].[y].[z] is being dropped, data loss could occur."</summary>
public sealed record PlanAlert(string Name, string Issue)
{
    /// <summary>Alert kinds that mean rows or values may be destroyed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDataLoss => Name is "DataIssue";

    public override string ToString() => $"{Name}: {Issue}";
}

/// <summary>One operation of a deploy report, e.g. Create [identity].[ApiKeyScope] (Table).</summary>
public sealed record PlanOperation(string Name, string Value, string Type)
{
    public override string ToString() => $"{Name} {Value} ({Type})";
}
