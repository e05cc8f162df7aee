using PlatformDb.Cli.Core;
using System.Xml.Linq;
using Microsoft.SqlServer.Dac;

namespace PlatformDb.Cli.Deploy;

/// <summary>
/// A publish profile (PlatformDb.Sql/Profiles/NAME.publish.xml, the SSDT/SqlPackage format). Only the options the
/// profile sets are laid over PlatformDb's safe defaults, so a profile cannot silently reset an option it never names.
/// </summary>
public sealed record PublishProfile(string Path, IReadOnlySet<string> SetProperties, DacProfile Profile)
{
    public static string PathFor(string repoRoot, string name) =>
        System.IO.Path.Combine(repoRoot, "PlatformDb.Sql", "Profiles", $"{name}.publish.xml");

    public static PublishProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PlatformDbException($"Publish profile not found: {path}.");
        }

        try
        {
            var names = XDocument.Load(path).Descendants()
                .Where(e => e.Parent?.Name.LocalName == "PropertyGroup")
                .Select(e => e.Name.LocalName)
                .ToHashSet(StringComparer.Ordinal);
            return new PublishProfile(path, names, DacProfile.Load(path));
        }
        catch (Exception e) when (e is not PlatformDbException)
        {
            throw new PlatformDbException($"{path} is not a readable publish profile: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>The SQLCMD variable values the profile sets.</summary>
    public IReadOnlyDictionary<string, string> SqlCmdVariables => Profile.DeployOptions.SqlCommandVariableValues
        .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Copies onto <paramref name="options"/> every deploy option the profile names.</summary>
    public DacDeployOptions ApplyTo(DacDeployOptions options)
    {
        foreach (var property in typeof(DacDeployOptions).GetProperties().Where(p => p.CanWrite && SetProperties.Contains(p.Name)))
        {
            property.SetValue(options, property.GetValue(Profile.DeployOptions));
        }

        foreach (var (name, value) in SqlCmdVariables)
        {
            options.SqlCommandVariableValues[name] = value;
        }

        return options;
    }
}
