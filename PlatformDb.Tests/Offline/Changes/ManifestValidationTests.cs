using System.Text.Json.Nodes;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Snapshots;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>A hand-edited manifest is rejected when read, in one line that names the file and the field.</summary>
public sealed class ManifestValidationTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("platformdb-manifest-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Theory]
    [InlineData("summary", null, "field 'summary' is null")]
    [InlineData("sha256", "missing", "field 'sha256' is missing")]
    [InlineData("date", 20260102, "field 'date' must be a string, not a number")]
    [InlineData("rollback", null, "field 'rollback' is missing or null")]
    [InlineData("upgrade", "missing", "field 'upgrade' is missing or null")]
    public void A_broken_top_level_field_is_named(string field, object? value, string message)
    {
        var path = WriteEdited(json =>
        {
            if (value is "missing")
            {
                json.Remove(field);
            }
            else
            {
                json[field] = value is null ? null : JsonValue.Create(value);
            }
        });

        var error = Assert.Throws<SnapshotException>(() => SnapshotManifest.Read(path));

        Assert.Equal($"{path}: {message}.", error.Message);
    }

    [Fact]
    public void A_broken_expected_alert_is_named_with_its_index()
    {
        var path = WriteEdited(json => json["rollback"]!["expectedAlerts"]![0]!["issue"] = null);

        var error = Assert.Throws<SnapshotException>(() => SnapshotManifest.Read(path));

        Assert.Equal($"{path}: field 'rollback.expectedAlerts[0].issue' is null.", error.Message);
    }

    [Fact]
    public void A_data_loss_text_of_the_wrong_type_is_named()
    {
        var path = WriteEdited(json => json["upgrade"]!["dataLoss"] = new JsonArray());

        var error = Assert.Throws<SnapshotException>(() => SnapshotManifest.Read(path));

        Assert.Equal($"{path}: field 'upgrade.dataLoss' must be a string, not an array.", error.Message);
    }

    [Fact]
    public void Malformed_json_is_one_line_naming_the_file()
    {
        var path = Path.Combine(scratch, "manifest.json");
        File.WriteAllText(path, "{ \"version\": ");

        var error = Assert.Throws<SnapshotException>(() => SnapshotManifest.Read(path));

        Assert.StartsWith($"{path} is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_cli_reports_a_broken_manifest_in_one_line()
    {
        var snapshots = Path.Combine(scratch, "snapshots");
        SnapshotCopies.CopyAll(snapshots);
        var manifest = Path.Combine(snapshots, "v1.1.0", SnapshotStore.ManifestFileName);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["summary"] = null;
        File.WriteAllText(manifest, json.ToJsonString());

        var result = await CliRunner.RunAsync("--snapshots", snapshots, "plan", "--from", "1.0.0", "--to", "1.1.0", "--out", Path.Combine(scratch, "out"));

        Assert.Equal(Cli.ExitCodes.Error, result.ExitCode);
        Assert.Equal($"error: {manifest}: field 'summary' is null.", result.Error.Trim());
    }

    [Fact]
    public void Every_released_manifest_passes_validation()
    {
        var store = new SnapshotStore(RepoPaths.Snapshots);

        foreach (var version in store.Versions())
        {
            Assert.Equal(version.ToString(), SnapshotManifest.Read(store.ManifestPath(version)).Version);
        }
    }

    private string WriteEdited(Action<JsonObject> edit)
    {
        var store = new SnapshotStore(RepoPaths.Snapshots);
        var json = JsonNode.Parse(File.ReadAllText(store.ManifestPath(SemanticVersion.Parse("1.1.0"))))!.AsObject();
        edit(json);
        var path = Path.Combine(scratch, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
