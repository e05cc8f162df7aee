using PlatformDb.Cli.Core;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PlatformDb.Cli.Snapshots;

/// <summary>A release version MAJOR.MINOR.PATCH; snapshot folders are named "v" + the version.</summary>
public sealed partial record SemanticVersion(int Major, int Minor, int Patch) : IComparable<SemanticVersion>
{
    public static bool TryParse(string? text, out SemanticVersion version)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        version = match.Success
            ? new SemanticVersion(Number(match, "major"), Number(match, "minor"), Number(match, "patch"))
            : new SemanticVersion(0, 0, 0);
        return match.Success;
    }

    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new PlatformDbException($"'{text}' is not a version; use MAJOR.MINOR.PATCH, e.g. 1.1.0.");

    public string FolderName => $"v{this}";

    public int CompareTo(SemanticVersion? other) =>
        other is null ? 1 : (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^v?(?<major>0|[1-9]\d{0,4})\.(?<minor>0|[1-9]\d{0,4})\.(?<patch>0|[1-9]\d{0,4})$")]
    private static partial Regex Pattern();
}
