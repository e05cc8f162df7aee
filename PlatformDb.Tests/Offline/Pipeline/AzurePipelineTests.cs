using System.Text.Json;
using PlatformDb.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace PlatformDb.Tests.Offline.Pipeline;

/// <summary>azure-pipelines.yml expresses the whole flow of issue 15: the stages, the service container and the steps.</summary>
public sealed class AzurePipelineTests
{
    private static readonly Lazy<YamlMappingNode> Pipeline = new(Load);

    [Fact]
    public void Stages_are_build_offline_tests_and_integration()
    {
        Assert.Equal(["Build", "OfflineTests", "Integration"], Stages().Select(s => Scalar(s, "stage")));
        Assert.Equal("Build", Scalar(Stage("OfflineTests"), "dependsOn"));
        Assert.Equal("Build", Scalar(Stage("Integration"), "dependsOn"));
    }

    [Fact]
    public void Integration_runs_on_ubuntu_with_a_sql_server_2022_service_container()
    {
        var containers = Sequence(Mapping(Pipeline.Value, "resources"), "containers").Cast<YamlMappingNode>().ToList();
        var sqlServer = Assert.Single(containers, c => Scalar(c, "image").StartsWith("mcr.microsoft.com/mssql/server:2022", StringComparison.Ordinal));
        var job = Jobs("Integration").Single();

        Assert.Equal("ubuntu-latest", Scalar(Mapping(job, "pool"), "vmImage"));
        Assert.Contains(Mapping(job, "services").Children.Values, v => ((YamlScalarNode)v).Value == Scalar(sqlServer, "container"));
        Assert.Equal("Y", Scalar(Mapping(sqlServer, "env"), "ACCEPT_EULA"));
    }

    [Fact]
    public void Build_builds_publishes_a_self_contained_cli_and_the_dacpac_with_a_nuget_cache()
    {
        var steps = Steps("Build");

        Assert.Contains(steps, s => Script(s).StartsWith("dotnet build", StringComparison.Ordinal));
        Assert.Contains(steps, s => Script(s).Contains("dotnet publish", StringComparison.Ordinal)
                                    && Script(s).Contains("-r linux-x64", StringComparison.Ordinal)
                                    && Script(s).Contains("--self-contained true", StringComparison.Ordinal));
        Assert.Contains(steps, s => Task(s) == "PublishPipelineArtifact@1" && Input(s, "artifact") == "dacpac");
        Assert.Contains(steps, s => Task(s) == "PublishPipelineArtifact@1" && Input(s, "artifact").StartsWith("platformdb", StringComparison.Ordinal));
        Assert.All(Stages().Select(s => Scalar(s, "stage")), stage =>
            Assert.Contains(Steps(stage), s => Task(s) == "Cache@2" && Input(s, "key").Contains("Directory.Packages.props", StringComparison.Ordinal)
                                               && Input(s, "path") == "$(NUGET_PACKAGES)"));
    }

    [Theory]
    [InlineData("OfflineTests")]
    [InlineData("Integration")]
    public void Tests_write_trx_and_junit_and_both_are_published(string stage)
    {
        var steps = Steps(stage);
        var test = Assert.Single(steps, s => Script(s).StartsWith("dotnet test", StringComparison.Ordinal));

        Assert.Contains("--report-xunit-trx", Script(test), StringComparison.Ordinal);
        Assert.Contains("--report-xunit-junit", Script(test), StringComparison.Ordinal);
        Assert.Contains(steps, s => Task(s) == "PublishTestResults@2" && Input(s, "testResultsFormat") == "VSTest" && Scalar(s, "condition") == "always()");
        Assert.Contains(steps, s => Task(s) == "PublishTestResults@2" && Input(s, "testResultsFormat") == "JUnit" && Scalar(s, "condition") == "always()");
    }

    [Fact]
    public void Offline_tests_leave_out_the_live_tier_and_integration_runs_it_with_the_server_and_tsqlt()
    {
        var offline = Script(Steps("OfflineTests").Single(s => Script(s).StartsWith("dotnet test", StringComparison.Ordinal)));
        var live = Steps("Integration").Single(s => Script(s).StartsWith("dotnet test", StringComparison.Ordinal));

        Assert.Contains("--filter-not-namespace \"PlatformDb.Tests.Live*\"", offline, StringComparison.Ordinal);
        Assert.Contains("--filter-namespace \"PlatformDb.Tests.Live*\"", Script(live), StringComparison.Ordinal);
        Assert.Contains(Mapping(live, "env").Children.Keys, k => ((YamlScalarNode)k).Value == "PLATFORMDB_TEST_SQLSERVER");
        Assert.Contains(Mapping(live, "env").Children.Keys, k => ((YamlScalarNode)k).Value == "PLATFORMDB_TSQLT_DIR");
        Assert.Contains(Steps("Integration"), s => Script(s).Contains("require-live-ran.py", StringComparison.Ordinal)
                                                   && Script(s).Contains("TsqltSuiteTests", StringComparison.Ordinal)
                                                   && Script(s).Contains("ReleaseLineCycleTests", StringComparison.Ordinal));
    }

    [Fact]
    public void Integration_publishes_with_the_seed_smokes_fetches_tsqlt_with_its_hash_and_benches_before_the_tests_read_them()
    {
        var steps = Steps("Integration").Select(Script).ToList();
        int IndexOf(Func<string, bool> match, string what)
        {
            var index = steps.FindIndex(s => match(s));
            Assert.True(index >= 0, $"no step {what}");
            return index;
        }

        var wait = IndexOf(s => s.Contains("wait-for-sqlserver.sh", StringComparison.Ordinal), "waits for SQL Server");
        var apply = IndexOf(s => s.Contains("platformdb apply", StringComparison.Ordinal) && s.Contains("--profile dev", StringComparison.Ordinal), "applies with the dev profile (seed)");
        var smoke = IndexOf(s => s.Contains("platformdb smoke", StringComparison.Ordinal), "runs platformdb smoke");
        var tsqlt = IndexOf(s => s.Contains("eng/ci/fetch-tsqlt.sh", StringComparison.Ordinal), "fetches tSQLt");
        var tests = IndexOf(s => s.StartsWith("dotnet test", StringComparison.Ordinal), "runs the live tier");
        var bench = IndexOf(s => s.Contains("platformdb bench", StringComparison.Ordinal), "runs platformdb bench");

        Assert.True(wait < apply && apply < smoke && tsqlt < tests, "wait, apply, smoke, then tSQLt before the live tests");
        Assert.Contains("--events 50k", steps[bench], StringComparison.Ordinal);
        Assert.Contains(Steps("Integration"), s => Task(s) == "PublishPipelineArtifact@1" && Input(s, "artifact") == "bench");
        Assert.Contains(Steps("Integration"), s => Task(s) == "PublishPipelineArtifact@1" && Input(s, "artifact") == "reports");
        Assert.Contains(steps, s => s.Contains("platformdb plan", StringComparison.Ordinal) || s.Contains("$cli plan", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tsqlt_fetch_checks_a_pinned_sha256_and_fails_without_one()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "eng", "ci", "fetch-tsqlt.sh"));
        using var pin = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "eng", "tsqlt.json")));

        Assert.Contains("sha256sum --check", script, StringComparison.Ordinal);
        Assert.Contains("TSQLT_SHA256", script, StringComparison.Ordinal);
        Assert.Contains("exit 1", script, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", pin.RootElement.GetProperty("version").GetString());
        Assert.StartsWith("https://", pin.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        var sha = pin.RootElement.GetProperty("sha256").GetString();
        Assert.True(sha == string.Empty || System.Text.RegularExpressions.Regex.IsMatch(sha!, "^[0-9a-f]{64}$"), "sha256 is empty (pipeline variable) or 64 lower-case hex digits");
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, "azure-pipelines.yml")));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Stages() => Sequence(Pipeline.Value, "stages").Cast<YamlMappingNode>();

    private static YamlMappingNode Stage(string name) => Stages().Single(s => Scalar(s, "stage") == name);

    private static IEnumerable<YamlMappingNode> Jobs(string stage) => Sequence(Stage(stage), "jobs").Cast<YamlMappingNode>();

    private static List<YamlMappingNode> Steps(string stage) =>
        Jobs(stage).SelectMany(j => Sequence(j, "steps").Cast<YamlMappingNode>()).ToList();

    private static string Script(YamlMappingNode step) => Scalar(step, "script").Trim();

    private static string Task(YamlMappingNode step) => Scalar(step, "task");

    private static string Input(YamlMappingNode step, string name) =>
        step.Children.ContainsKey(new YamlScalarNode("inputs")) ? Scalar(Mapping(step, "inputs"), name) : string.Empty;

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];
}
