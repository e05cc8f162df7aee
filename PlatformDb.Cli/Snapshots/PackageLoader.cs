using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Snapshots;

/// <summary>Opens a dacpac, turning a missing or unreadable file into a one-line error.</summary>
public static class PackageLoader
{
    public static DacPackage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"Dacpac not found: {path}.");
        }

        try
        {
            return DacPackage.Load(path, DacSchemaModelStorageType.Memory);
        }
        catch (Exception e) when (e is not CliException)
        {
            throw new CliException($"{path} is not a readable dacpac: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
