using System.Text.Json;
using PlatformDb.Cli.Commands;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>The `history --json` and `drift --json` documents keep the property names docs/json-drift-history.md promises.</summary>
public sealed class JsonOutputTests
{
    private static readonly DateTime At = new(2026, 12, 1, 3, 0, 0, DateTimeKind.Unspecified);

    [Fact]
    public void History_json_has_the_documented_shape()
    {
        var target = SqlTarget.Parse("Server=db1;Database=PlatformDb;User ID=x;Password=secret");
        var log = new DeploymentLog(true, HistoryShape.WithStatus,
        [
            new DeploymentRecord(2, "1.2.0", "apply", new string('b', 64), At, "deployer", "1.0.0", DeploymentStatus.Failed, At, At, "the schema change committed; a post-deployment script failed: x"),
            new DeploymentRecord(1, "1.1.0", "apply", new string('a', 64), At, "deployer", "1.0.0"),
        ]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(HistoryJson.From(target, log), HistoryJson.Options));

        var root = json.RootElement;
        Assert.Equal(["formatVersion", "server", "database", "databaseExists", "historyShape", "deployments"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("v1.2", root.GetProperty("historyShape").GetString());
        var failed = root.GetProperty("deployments")[0];
        Assert.Equal(
            ["deploymentId", "version", "action", "status", "schemaApplied", "dacpacSha256", "deployedAt", "schemaAppliedAt", "finishedAt", "deployedBy", "toolVersion", "message"],
            failed.EnumerateObject().Select(p => p.Name));
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.True(failed.GetProperty("schemaApplied").GetBoolean());
        Assert.Equal("2026-12-01T03:00:00Z", failed.GetProperty("deployedAt").GetString());
        Assert.DoesNotContain("secret", json.RootElement.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_json_has_the_documented_shape()
    {
        var record = DeploymentJson.From(new DeploymentRecord(1, "1.1.0", "apply", new string('a', 64), At, "deployer", "1.0.0"));
        var document = new DriftJson(1, "db1", "PlatformDb", true, new ComparedJson("v1.1.0", "1.1.0", new string('a', 64)), record, record, false, null,
            [new OperationJson("Create", "[dbo].[Hotfix]", "SqlTable")]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(document, HistoryJson.Options));

        Assert.Equal(["formatVersion", "server", "database", "drift", "comparedWith", "effective", "latest", "halfFinished", "explanation", "operations"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "object", "type"], json.RootElement.GetProperty("operations")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["label", "version", "dacpacSha256"], json.RootElement.GetProperty("comparedWith").EnumerateObject().Select(p => p.Name));
    }
}
