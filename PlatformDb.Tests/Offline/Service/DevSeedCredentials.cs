using System.Text.RegularExpressions;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Service;

/// <summary>
/// The public development credentials as PostDeploy/DevSeed/DevSeed.sql documents them in its header and stores them in
/// its inserts, read from the file so the tests follow the seed (a second key added there is checked too).
/// </summary>
public static partial class DevSeedCredentials
{
    public static string Path => System.IO.Path.Combine(RepoPaths.PostDeploy, "DevSeed", "DevSeed.sql");

    public static string Text => File.ReadAllText(Path);

    /// <summary>The first documented user: the one `smoke` signs in as by default.</summary>
    public static string DocumentedEmail => Single(UserLine(), Header(Text));

    public static string DocumentedPassword => Single(PasswordLine(), Header(Text));

    public static IReadOnlyList<string> DocumentedSecrets => DocumentedSecretsIn(Text);

    public static IReadOnlyList<string> SeededPasswordHashes => PhcLiteral().Matches(Text).Select(m => m.Groups["phc"].Value).ToList();

    public static IReadOnlyDictionary<string, string> DocumentedApiKeys => DocumentedApiKeysIn(Text);

    public static IReadOnlyDictionary<string, string> SeededApiKeyHashes => SeededApiKeyHashesIn(Text);

    /// <summary>The comment block before the first statement, where the secrets are documented.</summary>
    public static string Header(string seed) => seed[..(seed.IndexOf("*/", StringComparison.Ordinal) + 2)];

    /// <summary>Every e-mail, password and API key the header documents.</summary>
    public static IReadOnlyList<string> DocumentedSecretsIn(string seed) =>
        UserLine().Matches(Header(seed)).Concat(PasswordLine().Matches(Header(seed))).Select(m => m.Groups[1].Value)
            .Concat(DocumentedApiKeysIn(seed).Values)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every API key the header documents, by its prefix (pdb_dev_0001 → the whole key).</summary>
    public static IReadOnlyDictionary<string, string> DocumentedApiKeysIn(string seed) =>
        DocumentedKey().Matches(Header(seed)).ToDictionary(m => m.Groups["prefix"].Value, m => m.Value);

    /// <summary>The first 0x… SHA-256 literal after each quoted prefix in the statements, by prefix.</summary>
    public static IReadOnlyDictionary<string, string> SeededApiKeyHashesIn(string seed)
    {
        var body = seed[Header(seed).Length..];
        var hashes = new Dictionary<string, string>();
        foreach (Match prefix in QuotedPrefix().Matches(body))
        {
            var name = prefix.Groups["prefix"].Value;
            if (!hashes.ContainsKey(name) && HashLiteral().Match(body, prefix.Index) is { Success: true } hash)
            {
                hashes[name] = hash.Groups["hex"].Value.ToUpperInvariant();
            }
        }

        return hashes;
    }

    private static string Single(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"{pattern} not found in {Path}.");

    [GeneratedRegex(@"^\s*user\s+(\S+@[^\s,;()]+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^\s*password\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex PasswordLine();

    [GeneratedRegex(@"'(?<phc>\$pbkdf2-sha256\$[^']+)'")]
    private static partial Regex PhcLiteral();

    [GeneratedRegex(@"\b(?<prefix>pdb_dev_\d{4})_[A-Za-z0-9]+\b")]
    private static partial Regex DocumentedKey();

    [GeneratedRegex(@"'(?<prefix>pdb_dev_\d{4})'")]
    private static partial Regex QuotedPrefix();

    [GeneratedRegex(@"\b0x(?<hex>[0-9A-Fa-f]{64})\b")]
    private static partial Regex HashLiteral();
}
