using System.Globalization;
using System.Reflection;
using System.Xml;
using System.Xml.Linq;
using Microsoft.SqlServer.Dac;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Deploy;

/// <summary>
/// A publish profile (PlatformDb.Sql/Profiles/NAME.publish.xml, the SSDT/SqlPackage format), read element by element.
/// DacFx's own <c>DacProfile.Load</c> silently drops some options (CommandTimeout, LongRunningCommandTimeout,
/// DatabaseLockTimeout, DoNotDropObjectTypes), so every PropertyGroup element must name a writable
/// <see cref="DacDeployOptions"/> property or a known non-option property, and is set by its type. Only the options
/// the profile names are laid over PlatformDb's safe defaults.
/// </summary>
public sealed class PublishProfile
{
    /// <summary>Profile properties that are not deploy options and are accepted but not used: the target comes from the command line.</summary>
    public static readonly IReadOnlySet<string> NonOptionProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "TargetDatabaseName", "ProfileVersionNumber",
    };

    private static readonly IReadOnlyDictionary<string, PropertyInfo> Settable = typeof(DacDeployOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    private readonly IReadOnlyList<(PropertyInfo Property, object? Value)> settings;

    private PublishProfile(string path, IReadOnlyList<(PropertyInfo, object?)> settings, IReadOnlyDictionary<string, string> sqlCmdVariables)
    {
        Path = path;
        this.settings = settings;
        SqlCmdVariables = sqlCmdVariables;
    }

    public string Path { get; }

    /// <summary>The deploy options the profile sets, by name, with their parsed values.</summary>
    public IReadOnlyDictionary<string, object?> Options => settings.ToDictionary(s => s.Property.Name, s => s.Value, StringComparer.Ordinal);

    /// <summary>The SQLCMD variable values the profile sets (<c>SqlCmdVariable</c> items).</summary>
    public IReadOnlyDictionary<string, string> SqlCmdVariables { get; }

    public static string PathFor(string repoRoot, string name) =>
        System.IO.Path.Combine(repoRoot, "PlatformDb.Sql", "Profiles", $"{name}.publish.xml");

    public static PublishProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PlatformDbException($"Publish profile not found: {path}.");
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            throw new PlatformDbException($"{path} is not a readable publish profile: {e.Message.ReplaceLineEndings(" ")}");
        }

        return Parse(path, document);
    }

    /// <summary>Reads a profile document; <paramref name="path"/> only names it in errors.</summary>
    public static PublishProfile Parse(string path, XDocument document)
    {
        if (document.Root?.Name.LocalName != "Project")
        {
            throw Problem(path, document.Root?.Name.LocalName ?? "(none)", "is not an MSBuild <Project> root");
        }

        var settings = new List<(PropertyInfo, object?)>();
        foreach (var element in document.Root.Elements().Where(e => e.Name.LocalName == "PropertyGroup").SelectMany(g => g.Elements()))
        {
            var name = element.Name.LocalName;
            if (name == "TargetConnectionString")
            {
                throw Problem(path, name, "holds a connection string; profiles in the repository carry no secrets, pass --connection or set PLATFORMDB_CONNECTION");
            }

            if (NonOptionProperties.Contains(name))
            {
                continue;
            }

            if (!Settable.TryGetValue(name, out var property))
            {
                throw Problem(path, name, "is not a DacFx deploy option (DacDeployOptions) nor a known profile property");
            }

            settings.Add((property, ParseValue(path, property, element.Value.Trim())));
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in document.Root.Elements().Where(e => e.Name.LocalName == "ItemGroup").SelectMany(g => g.Elements()))
        {
            if (item.Name.LocalName != "SqlCmdVariable")
            {
                throw Problem(path, item.Name.LocalName, "is not a known profile item; only SqlCmdVariable items are read");
            }

            var variable = (string?)item.Attribute("Include");
            var value = item.Elements().FirstOrDefault(e => e.Name.LocalName == "Value");
            if (string.IsNullOrWhiteSpace(variable) || value is null)
            {
                throw Problem(path, "SqlCmdVariable", "needs an Include attribute and a <Value> element");
            }

            variables[variable.Trim()] = value.Value;
        }

        return new PublishProfile(path, settings, variables);
    }

    /// <summary>Sets on <paramref name="options"/> every deploy option and SQLCMD value the profile names.</summary>
    public DacDeployOptions ApplyTo(DacDeployOptions options)
    {
        ApplyOptionsTo(options);
        foreach (var (name, value) in SqlCmdVariables)
        {
            options.SqlCommandVariableValues[name] = value;
        }

        return options;
    }

    /// <summary>Sets the deploy options the profile names, not its SQLCMD values (those depend on what a package declares).</summary>
    public DacDeployOptions ApplyOptionsTo(DacDeployOptions options)
    {
        foreach (var (property, value) in settings)
        {
            property.SetValue(options, value);
        }

        return options;
    }

    private static object? ParseValue(string path, PropertyInfo property, string text)
    {
        var type = property.PropertyType;
        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var flag) ? flag : throw Problem(path, property.Name, $"'{text}' is not True or False");
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Problem(path, property.Name, $"'{text}' is not a whole number of zero or more");
        }

        if (type == typeof(string))
        {
            return text.Length == 0 ? null : text;
        }

        if (type == typeof(ObjectType[]))
        {
            var types = new List<ObjectType>();
            foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Names only: Enum.TryParse would also take "7" or "Users,Logins".
                var match = Enum.GetNames<ObjectType>().FirstOrDefault(n => string.Equals(n, part, StringComparison.OrdinalIgnoreCase));
                types.Add(match is not null ? Enum.Parse<ObjectType>(match) : throw Problem(path, property.Name, $"'{part}' is not a DacFx object type (e.g. Users;Logins;Permissions)"));
            }

            return types.ToArray();
        }

        throw Problem(path, property.Name, $"has type {type.Name}, which a profile cannot set");
    }

    private static PlatformDbException Problem(string path, string element, string problem) =>
        new($"Publish profile {path}: <{element}> {problem}.");
}
