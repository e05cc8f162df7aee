using PlatformDb.Cli.Core;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformDb.Cli.Snapshots;

/// <summary>
/// Snapshots/vX.Y.Z/manifest.json: what a released dacpac is, its hash, and the data-loss alerts that its upgrade
/// from and rollback to the previous release are expected to raise (anything else makes apply/rollback refuse).
/// </summary>
public sealed record SnapshotManifest
{
    public required string Version { get; init; }

    public required string Date { get; init; }

    public required string Dacpac { get; init; }

    public required string Sha256 { get; init; }

    public required string Summary { get; init; }

    /// <summary>The release this one follows, or null for the first.</summary>
    public string? Previous { get; init; }

    public TransitionExpectation Upgrade { get; init; } = new();

    public TransitionExpectation Rollback { get; init; } = new();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static SnapshotManifest Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SnapshotManifest>(File.ReadAllText(path), Json)
                   ?? throw new PlatformDbException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new PlatformDbException($"{path} is not a valid snapshot manifest: {e.Message}");
        }
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>What moving between a release and its predecessor is expected to do.</summary>
public sealed record TransitionExpectation
{
    /// <summary>Alerts the offline plan raises, exactly as DacFx words them.</summary>
    public IReadOnlyList<PlanAlert> ExpectedAlerts { get; init; } = [];

    /// <summary>In words: which data is lost, or why none is although alerts are raised.</summary>
    public string DataLoss { get; init; } = "none";
}
