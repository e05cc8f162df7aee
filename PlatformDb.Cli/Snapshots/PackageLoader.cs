using PlatformDb.Cli.Core;
using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Snapshots;

/// <summary>Opens a dacpac, turning a missing or unreadable file into a one-line error.</summary>
public static class PackageLoader
{
    public static DacPackage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PlatformDbException($"Dacpac not found: {path}.");
        }

        try
        {
            return DacPackage.Load(path, DacSchemaModelStorageType.Memory);
        }
        catch (Exception e) when (e is not PlatformDbException)
        {
            throw new PlatformDbException($"{path} is not a readable dacpac: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
