using System.Diagnostics;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace PlatformDb.Tests.Infrastructure;

/// <summary>Small dacpacs built in memory from T-SQL, for plans between plain dacpac files.</summary>
public static class TestDacpacs
{
    public static string Build(string directory, string fileName, string databaseName, params string[] scripts)
    {
        using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var script in scripts)
        {
            model.AddObjects(script, new TSqlObjectOptions());
        }

        var path = Path.Combine(directory, fileName);
        DacPackageExtensions.BuildPackage(path, model, new PackageMetadata { Name = databaseName, Version = "1.0.0" });
        return path;
    }

    /// <summary>Runs the built CLI as its own process in <paramref name="workingDirectory"/> (the in-process runner shares the test's folder).</summary>
    public static async Task<CliResult> RunCliProcessAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "platformdb.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
