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
        // A manifest is read by people in review: apostrophes and quotes stay as typed, not \u0027.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads and validates a manifest. A hand-edited manifest with a missing, null or mistyped field fails with one
    /// <see cref="SnapshotException"/> line that names the file and the field.
    /// </summary>
    public static SnapshotManifest Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SnapshotException($"{path} is missing; every snapshot folder holds its manifest.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (ManifestShape.FirstProblem(document.RootElement) is { } problem)
            {
                throw new SnapshotException($"{path}: {problem}.");
            }

            return document.RootElement.Deserialize<SnapshotManifest>(Json)
                   ?? throw new SnapshotException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{path} is not valid JSON: {e.Message.ReplaceLineEndings(" ")}", e);
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
