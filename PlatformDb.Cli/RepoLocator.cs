using PlatformDb.Cli.Core;
namespace PlatformDb.Cli;

/// <summary>Finds the repository (the folder with PlatformDb.sln) and the build output inside it.</summary>
public static class RepoLocator
{
    public static string FindRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlatformDb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new PlatformDbException("Not inside a PlatformDb checkout (no PlatformDb.sln above the current folder); pass the paths explicitly.");
    }

    /// <summary>The dacpac PlatformDb.Sql builds; the sqlproj writes it here in every configuration.</summary>
    public static string BuiltDacpac(string root) =>
        Path.Combine(root, "PlatformDb.Sql", "bin", "PlatformDb.Sql.dacpac");
}
