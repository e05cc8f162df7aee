using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Service;

/// <summary>A stored password hash that cannot be read: malformed, or of a scheme this code does not verify.</summary>
public sealed class PasswordHashFormatException(string message) : PlatformDbException(message);

/// <summary>A parsed <c>$pbkdf2-sha256$i=N$salt$hash</c> PHC string (PBKDF2-HMAC-SHA256; salt and hash in standard base64 without padding).</summary>
public sealed record Pbkdf2Sha256Hash(int Iterations, byte[] Salt, byte[] Hash);

/// <summary>
/// Reads and verifies the PHC strings that <c>identity.UserCredential.PasswordHash</c> holds (docs/security.md). Only
/// pbkdf2-sha256 is verifiable here: .NET has PBKDF2 built in, but not Argon2, and the CLI takes no package for it.
/// </summary>
public static class PasswordHashes
{
    public const string Pbkdf2Sha256 = "pbkdf2-sha256";

    /// <summary>Bounds that keep a hostile or corrupt row from costing minutes of CPU or a huge allocation.</summary>
    public const int MaxIterations = 10_000_000;

    private const int MinSaltBytes = 8;
    private const int MaxBytes = 64;
    private const int MinHashBytes = 16;

    /// <summary>Parses a pbkdf2-sha256 PHC string; anything else throws <see cref="PasswordHashFormatException"/> saying why.</summary>
    public static Pbkdf2Sha256Hash Parse(string phc)
    {
        ArgumentNullException.ThrowIfNull(phc);
        // "$scheme$params$salt$hash" splits into "", scheme, params, salt, hash.
        var parts = phc.Split('$');
        if (parts.Length < 2 || parts[0].Length != 0 || parts[1].Length == 0)
        {
            throw new PasswordHashFormatException("The stored password hash is not a PHC string ($scheme$…).");
        }

        var scheme = parts[1];
        if (scheme.StartsWith("argon2", StringComparison.Ordinal))
        {
            throw new PasswordHashFormatException(
                $"The stored password hash is {scheme}, which this tool cannot verify: .NET has no built-in Argon2 and the CLI takes no package for it (supported: {Pbkdf2Sha256}).");
        }

        if (scheme != Pbkdf2Sha256)
        {
            throw new PasswordHashFormatException($"Unsupported password hash scheme '{Printable(scheme)}' (supported: {Pbkdf2Sha256}).");
        }

        if (parts.Length != 5)
        {
            throw new PasswordHashFormatException($"A {Pbkdf2Sha256} hash has four fields ($pbkdf2-sha256$i=N$salt$hash); this one has {parts.Length - 1}.");
        }

        var iterations = ParseIterations(parts[2]);
        var salt = DecodeBase64(parts[3], "salt", MinSaltBytes);
        var hash = DecodeBase64(parts[4], "hash", MinHashBytes);
        return new Pbkdf2Sha256Hash(iterations, salt, hash);
    }

    /// <summary>True when <paramref name="password"/> derives the stored hash; compared in constant time.</summary>
    public static bool Verify(string password, string phc)
    {
        ArgumentNullException.ThrowIfNull(password);
        var stored = Parse(phc);
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(derived, stored.Hash);
    }

    /// <summary>A new PHC string for <paramref name="password"/> (16-byte random salt, 32-byte hash): what the seed and tests store.</summary>
    public static string Hash(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"${Pbkdf2Sha256}$i={iterations}${Encode(salt)}${Encode(hash)}");
    }

    private static int ParseIterations(string parameters)
    {
        // The only parameter of pbkdf2-sha256 is i, a decimal without sign or leading zero (PHC string format).
        if (!parameters.StartsWith("i=", StringComparison.Ordinal)
            || parameters.Length == 2
            || parameters[2] == '0'
            || parameters.AsSpan(2).ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(parameters.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            throw new PasswordHashFormatException($"The {Pbkdf2Sha256} parameters must be i=<iterations>, a positive decimal; found '{Printable(parameters)}'.");
        }

        if (iterations > MaxIterations)
        {
            throw new PasswordHashFormatException($"The {Pbkdf2Sha256} iteration count {iterations} is above the limit of {MaxIterations}.");
        }

        return iterations;
    }

    private static byte[] DecodeBase64(string text, string field, int minBytes)
    {
        // PHC's B64: the standard alphabet, no '=' padding, and a length that is never 1 mod 4.
        if (text.Length % 4 == 1 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/')))
        {
            throw new PasswordHashFormatException($"The {Pbkdf2Sha256} {field} is not base64 without padding.");
        }

        var padded = text + new string('=', (4 - (text.Length % 4)) % 4);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw new PasswordHashFormatException($"The {Pbkdf2Sha256} {field} is not base64 without padding.");
        }

        if (bytes.Length < minBytes || bytes.Length > MaxBytes)
        {
            throw new PasswordHashFormatException($"The {Pbkdf2Sha256} {field} is {bytes.Length} bytes; expected {minBytes} to {MaxBytes}.");
        }

        return bytes;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static string Printable(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>How API keys are stored: the SHA-256 of the key's UTF-8 bytes (docs/security.md), never the key.</summary>
public static class ApiKeys
{
    public static byte[] Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The part of a key that may be printed: "pdb_dev_0001" of "pdb_dev_0001_secret" (prefix = up to the last '_').</summary>
    public static string Prefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var cut = key.LastIndexOf('_');
        return cut > 0 ? key[..cut] : "(no prefix)";
    }
}
