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

        // The report lands in --results-directory; PublishTestResults looks for it there (searchFolder), by a relative pattern.
        var resultsDirectory = System.Text.RegularExpressions.Regex.Match(Script(test), @"--results-directory (\S+)").Groups[1].Value;
        Assert.All(steps.Where(s => Task(s) == "PublishTestResults@2"), s =>
        {
            Assert.Equal(resultsDirectory, Input(s, "searchFolder"));
            Assert.StartsWith("**/", Input(s, "testResultsFiles"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_connection_string_reaches_the_cli_through_the_environment_and_the_password_is_masked()
    {
        var steps = Steps("Integration");
        string[] databaseCommands = ["platformdb apply", "platformdb smoke", "platformdb bench", "$cli history"];
        var cliSteps = steps.Where(s => databaseCommands.Any(c => Script(s).Contains(c, StringComparison.Ordinal))).ToList();

        Assert.Equal(4, cliSteps.Count);
        Assert.All(steps, s => Assert.DoesNotContain("--connection", Script(s), StringComparison.Ordinal));
        Assert.All(steps, s => Assert.DoesNotContain("$(SqlServer)", Script(s), StringComparison.Ordinal));
        Assert.All(cliSteps, s => Assert.Contains(Mapping(s, "env").Children.Keys, k => ((YamlScalarNode)k).Value == "PLATFORMDB_CONNECTION"));
        Assert.Contains(steps, s => Script(s).Contains("##vso[task.setsecret]$SA_PASSWORD", StringComparison.Ordinal));
    }

    [Fact]
    public void The_live_tier_runs_even_when_the_tsqlt_fetch_failed_and_then_reports_the_suite_as_skipped()
    {
        var steps = Steps("Integration");
        var fetch = steps.Single(s => Script(s).Contains("eng/ci/fetch-tsqlt.sh", StringComparison.Ordinal));
        var live = steps.Single(s => Script(s).StartsWith("dotnet test", StringComparison.Ordinal));
        var require = steps.Single(s => Script(s).Contains("require-live-ran.py", StringComparison.Ordinal));
        var job = Jobs("Integration").Single();

        Assert.Equal("succeededOrFailed()", Scalar(fetch, "condition"));
        Assert.Equal("succeededOrFailed()", Scalar(live, "condition"));
        Assert.Equal("succeededOrFailed()", Scalar(require, "condition"));
        Assert.Equal("$(PLATFORMDB_TSQLT_DIR)", Scalar(Mapping(live, "env"), "PLATFORMDB_TSQLT_DIR"));
        Assert.Equal(string.Empty, Scalar(Mapping(job, "variables"), "PLATFORMDB_TSQLT_DIR"));
    }

    [Fact]
    public void Require_live_ran_fails_on_skipped_or_missing_tests_and_passes_when_they_ran()
    {
        var python = new[] { "/usr/bin/python3", "/usr/local/bin/python3" }.FirstOrDefault(File.Exists);
        if (python is null)
        {
            Assert.Skip("No python3 to run eng/ci/require-live-ran.py (the pipeline's agent has one).");
        }

        var folder = Directory.CreateTempSubdirectory("junit-");
        try
        {
            var report = Path.Combine(folder.FullName, "live.junit.xml");
            File.WriteAllText(report, """
                <testsuites><testsuite>
                  <testcase classname="PlatformDb.Tests.Live.Tsqlt.TsqltSuiteTests" name="a"><skipped message="No tSQLt: set PLATFORMDB_TSQLT_DIR" /></testcase>
                  <testcase classname="PlatformDb.Tests.Live.SmokeTests" name="b" />
                </testsuite></testsuites>
                """);

            var (skipped, skippedOutput) = Run(python, report, "TsqltSuiteTests");
            var (ran, _) = Run(python, report, "SmokeTests");
            var (absent, absentOutput) = Run(python, report, "ReleaseLineCycleTests");
            var (missing, missingOutput) = Run(python, Path.Combine(folder.FullName, "none.xml"), "SmokeTests");

            Assert.Equal(1, skipped);
            Assert.Contains("1 of 1 tests of TsqltSuiteTests were skipped: No tSQLt", skippedOutput, StringComparison.Ordinal);
            Assert.Equal(0, ran);
            Assert.Equal(1, absent);
            Assert.Contains("no test of ReleaseLineCycleTests ran", absentOutput, StringComparison.Ordinal);
            Assert.Equal(1, missing);
            Assert.Contains("no live test report", missingOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        static (int ExitCode, string Output) Run(string python, string report, string fragment)
        {
            var start = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Path.Combine(RepoPaths.Root, "eng", "ci", "require-live-ran.py"), report, fragment })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
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
