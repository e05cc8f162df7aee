using System.Diagnostics;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// A copy of the SQL project with one bad file added must fail `dotnet build` with the rule that caught it: the
/// settings that make warnings and code analysis fatal are what these tests guard.
/// </summary>
public sealed class BuildFailureTests : IClassFixture<BuildFailureTests.ProjectCopy>
{
    private readonly ProjectCopy copy;

    public BuildFailureTests(ProjectCopy copy) => this.copy = copy;

    [Fact]
    public async Task An_unresolved_reference_in_a_procedure_fails_the_build()
    {
        var result = await copy.BuildWithAsync("identity/StoredProcedures/BrokenReference.sql",
            "CREATE PROCEDURE [identity].[BrokenReference] AS SET NOCOUNT ON; SET XACT_ABORT ON; SELECT [x].[Nope] FROM [identity].[NoSuchTable] AS [x];");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error SQL71502", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_star_fails_static_code_analysis()
    {
        var result = await copy.BuildWithAsync("identity/StoredProcedures/SelectStar.sql",
            "CREATE PROCEDURE [identity].[SelectStar] AS SET NOCOUNT ON; SET XACT_ABORT ON; SELECT * FROM [identity].[User];");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("StaticCodeAnalysis error SR0001", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The SQL project with its build plumbing, copied once into a scratch folder.</summary>
    public sealed class ProjectCopy : IDisposable
    {
        private static readonly string[] Items = ["global.json", "Directory.Build.props", "Directory.Packages.props", "eng", "PlatformDb.Sql", "PostDeploy"];
        private readonly SemaphoreSlim oneBuildAtATime = new(1, 1);

        public ProjectCopy()
        {
            Root = Directory.CreateTempSubdirectory("platformdb-build-").FullName;
            foreach (var item in Items)
            {
                Copy(Path.Combine(RepoPaths.Root, item), Path.Combine(Root, item));
            }
        }

        public string Root { get; }

        /// <summary>Adds one file to the copy, builds it, and removes the file again.</summary>
        public async Task<(int ExitCode, string Output)> BuildWithAsync(string relativePath, string sql)
        {
            await oneBuildAtATime.WaitAsync(TestContext.Current.CancellationToken);
            var file = Path.Combine(Root, "PlatformDb.Sql", relativePath);
            try
            {
                await File.WriteAllTextAsync(file, sql, TestContext.Current.CancellationToken);
                return await DotnetBuildAsync(Path.Combine(Root, "PlatformDb.Sql", "PlatformDb.Sql.sqlproj"));
            }
            finally
            {
                File.Delete(file);
                oneBuildAtATime.Release();
            }
        }

        public void Dispose()
        {
            oneBuildAtATime.Dispose();
            Directory.Delete(Root, recursive: true);
        }

        private static async Task<(int ExitCode, string Output)> DotnetBuildAsync(string project)
        {
            var start = new ProcessStartInfo("dotnet", ["build", project, "-nologo", "-clp:NoSummary"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(project)!,
            };

            // The test host's own MSBuild settings must not leak into the child build.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }

        private static void Copy(string source, string target)
        {
            if (File.Exists(source))
            {
                File.Copy(source, target);
                return;
            }

            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj"))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
                File.Copy(file, Path.Combine(target, relative));
            }
        }
    }
}
