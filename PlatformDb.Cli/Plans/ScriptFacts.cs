using System.Text.RegularExpressions;

namespace PlatformDb.Cli.Plans;

/// <summary>Facts read from script text: permission statements of a deploy script, announcements of a post-deploy script.</summary>
public static partial class ScriptFacts
{
    /// <summary>Every GRANT, DENY or REVOKE … ON … TO|FROM … statement, in script order (DacFx breaks them over lines).</summary>
    public static IReadOnlyList<PermissionStatement> Permissions(string script) =>
        PermissionPattern().Matches(script)
            .Select(m => new PermissionStatement(
                m.Groups["action"].Value.ToUpperInvariant(),
                Regex.Replace(m.Groups["permission"].Value.Trim(), @"\s+", " "),
                m.Groups["on"].Value,
                m.Groups["principal"].Value))
            .ToList();

    /// <summary>
    /// The top-level <c>PRINT N'…'</c> lines of a post-deployment script: each included script announces itself with one,
    /// so they list what the publish will run. Indented PRINTs (inside IF blocks) are details, not scripts.
    /// </summary>
    public static IReadOnlyList<string> PostDeployAnnouncements(string? postDeployScript) =>
        postDeployScript is null
            ? []
            : AnnouncementPattern().Matches(postDeployScript).Select(m => m.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"^[ \t]*(?<action>GRANT|DENY|REVOKE)\s+(?<permission>[A-Za-z][A-Za-z ,\t\r\n]*?)\s+ON\s+(?<on>(?:[A-Za-z ]+::)?(?:\[[^\]]+\]|\w+)(?:\.(?:\[[^\]]+\]|\w+))*)\s+(?:TO|FROM)\s+(?<principal>\[[^\]]+\]|\w+)",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PermissionPattern();

    [GeneratedRegex(@"^PRINT\s+N?'(?<text>(?:[^']|'')*)'", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnnouncementPattern();
}
