namespace PlatformDb.Tests.Infrastructure;

/// <summary>Locates the repository and the build outputs the tests read.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds PlatformDb.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The dacpac built from PlatformDb.Sql, copied next to the test assembly.</summary>
    public static string BuiltDacpac => Path.Combine(AppContext.BaseDirectory, "PlatformDb.Sql.dacpac");

    public static string SqlProject => Path.Combine(Root, "PlatformDb.Sql");

    public static string PostDeploy => Path.Combine(Root, "PostDeploy");

    public static string Docs => Path.Combine(Root, "docs");

    public static string Snapshots => Path.Combine(Root, "Snapshots");

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlatformDb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PlatformDb.sln not found above {AppContext.BaseDirectory}.");
    }
}
