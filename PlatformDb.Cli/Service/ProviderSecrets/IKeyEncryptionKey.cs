namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>
/// A key-encryption key (KEK) version that wraps and unwraps the per-secret data keys. The KEK itself never leaves its
/// implementation: a KMS adapter (e.g. a cloud key vault's wrap/unwrap operations) implements this interface, and
/// <see cref="LocalKeyEncryptionKey"/> does so in memory for development and tests.
/// </summary>
public interface IKeyEncryptionKey
{
    /// <summary>
    /// Identifies this KEK version, "&lt;key reference&gt;/&lt;version&gt;" (stored in tenancy.ProviderCredential.KeyId, not
    /// secret; <see cref="KeyIds.IsValid"/>).
    /// </summary>
    string KeyId { get; }

    /// <summary>Encrypts a data key; the result is opaque bytes in this KEK's own format.</summary>
    Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken);

    /// <summary>
    /// Recovers a data key this KEK wrapped; throws <see cref="ProviderSecretException"/> if the bytes were altered or
    /// wrapped by another key. The caller zeroes the returned buffer after use.
    /// </summary>
    Task<byte[]> UnwrapAsync(byte[] wrappedDataKey, CancellationToken cancellationToken);
}

/// <summary>The shape of a key id, the same rule as CK_ProviderCredential_KeyIdShape.</summary>
public static class KeyIds
{
    /// <summary>3..256 printable ASCII characters without spaces, with a non-empty part before the first and after the last slash.</summary>
    public static bool IsValid(string? keyId) =>
        keyId is { Length: >= 3 and <= 256 }
        && keyId.All(c => c is >= '!' and <= '~')
        && keyId.IndexOf('/', StringComparison.Ordinal) > 0
        && !keyId.EndsWith('/');
}
