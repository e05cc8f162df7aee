using System.Security.Cryptography;
using System.Text;

namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>What tenancy.ProviderCredential stores for one secret: the KEK version, the wrapped data key and the envelope.</summary>
public sealed record ProtectedSecret(string KeyId, byte[] WrappedDataKey, byte[] Ciphertext)
{
    /// <summary>Names the key only; the bytes are encrypted but are kept out of logs all the same.</summary>
    public override string ToString() => $"ProtectedSecret(key {KeyId}, {Ciphertext.Length}-byte envelope)";
}

/// <summary>A data key re-wrapped under another KEK version (tenancy.RewrapProviderCredential's new values).</summary>
public sealed record RewrappedDataKey(string KeyId, byte[] WrappedDataKey)
{
    public override string ToString() => $"RewrappedDataKey(key {KeyId})";
}

/// <summary>
/// Envelope encryption of provider secrets (docs/security.md): each secret gets a fresh random AES-256 data key, the
/// secret is encrypted with AES-256-GCM under it (associated data: organization, provider, label and format version, see
/// <see cref="ProviderSecretEnvelope.AssociatedData"/>), and the data key is wrapped by the current key-encryption key.
/// Older KEK versions are still accepted for unwrapping until every data key has been re-wrapped.
/// Plaintext and data-key buffers are zeroed after use; the plaintext string a caller passes in or gets back cannot be.
/// </summary>
public sealed class ProviderSecretProtector
{
    private const int DataKeySize = 32;

    private readonly IKeyEncryptionKey current;
    private readonly Dictionary<string, IKeyEncryptionKey> keys;

    /// <param name="current">Wraps every new and re-wrapped data key.</param>
    /// <param name="previous">Older KEK versions, only for unwrapping data keys they wrapped.</param>
    public ProviderSecretProtector(IKeyEncryptionKey current, params IEnumerable<IKeyEncryptionKey> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        // A KMS adapter supplies its own key id. It goes to the database as VARCHAR, where a non-ASCII character would be
        // converted to the database code page (possibly '?', which CK_ProviderCredential_KeyIdShape accepts) before any
        // check, so the shape is checked here, on the .NET string.
        RequireValidKeyId(current);
        this.current = current;
        keys = new Dictionary<string, IKeyEncryptionKey>(StringComparer.Ordinal) { [current.KeyId] = current };
        foreach (var key in previous)
        {
            RequireValidKeyId(key);
            if (!keys.TryAdd(key.KeyId, key))
            {
                throw new ProviderSecretException($"Key-encryption key {key.KeyId} is configured twice.");
            }
        }
    }

    /// <summary>The KEK version that wraps new data keys.</summary>
    public string CurrentKeyId => current.KeyId;

    /// <summary>Encrypts <paramref name="plaintext"/> for one organization, provider and label.</summary>
    public async Task<ProtectedSecret> ProtectAsync(int organizationId, int providerId, string label, string plaintext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return await ProtectAsync(organizationId, providerId, label, plain, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> (not zeroed here: the caller owns it).</summary>
    public async Task<ProtectedSecret> ProtectAsync(int organizationId, int providerId, string label, byte[] plaintext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(plaintext);
        if (plaintext.Length == 0 || plaintext.Length > ProviderSecretEnvelope.MaximumSize - ProviderSecretEnvelope.HeaderSize)
        {
            throw new ProviderSecretException(
                $"A provider secret is 1..{ProviderSecretEnvelope.MaximumSize - ProviderSecretEnvelope.HeaderSize} bytes of UTF-8.");
        }

        var dataKey = RandomNumberGenerator.GetBytes(DataKeySize);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(ProviderSecretEnvelope.NonceSize);
            var tag = new byte[ProviderSecretEnvelope.TagSize];
            var ciphertext = new byte[plaintext.Length];
            using (var aes = new AesGcm(dataKey, ProviderSecretEnvelope.TagSize))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag,
                    ProviderSecretEnvelope.AssociatedData(ProviderSecretEnvelope.Version1, organizationId, providerId, label));
            }

            var envelope = new ProviderSecretEnvelope(ProviderSecretEnvelope.Version1, nonce, tag, ciphertext).Serialize();
            var wrapped = await current.WrapAsync(dataKey, cancellationToken).ConfigureAwait(false);
            return new ProtectedSecret(current.KeyId, wrapped, envelope);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Decrypts a stored secret of <paramref name="organizationId"/>, <paramref name="providerId"/> and
    /// <paramref name="label"/> (the label as stored, i.e. as tenancy.GetProviderCredential returns it); throws
    /// <see cref="ProviderSecretException"/> if the envelope is malformed or of an unknown version, the KEK version is
    /// not configured, the wrapped data key does not unwrap, or authentication fails (altered bytes, or a ciphertext of
    /// another organization, provider or label).
    /// </summary>
    public async Task<string> UnprotectAsync(int organizationId, int providerId, string label, ProtectedSecret stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var plain = await UnprotectBytesAsync(organizationId, providerId, label, stored, cancellationToken).ConfigureAwait(false);
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>As <see cref="UnprotectAsync"/>, as bytes the caller zeroes after use.</summary>
    public async Task<byte[]> UnprotectBytesAsync(int organizationId, int providerId, string label, ProtectedSecret stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(stored);
        var envelope = ProviderSecretEnvelope.Parse(stored.Ciphertext);
        var dataKey = await KeyFor(stored.KeyId).UnwrapAsync(stored.WrappedDataKey, cancellationToken).ConfigureAwait(false);
        var plain = new byte[envelope.Ciphertext.Length];
        try
        {
            if (dataKey.Length != DataKeySize)
            {
                throw new ProviderSecretException($"The data key unwrapped by key {stored.KeyId} is {dataKey.Length} bytes, not {DataKeySize}.");
            }

            using var aes = new AesGcm(dataKey, ProviderSecretEnvelope.TagSize);
            aes.Decrypt(envelope.Nonce, envelope.Ciphertext, envelope.Tag, plain,
                ProviderSecretEnvelope.AssociatedData(envelope.Version, organizationId, providerId, label));
            return plain;
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new ProviderSecretException(
                $"The provider secret of organization {organizationId} and provider {providerId} does not decrypt: its nonce, tag or ciphertext was altered, " +
                "or it was stored for another organization, provider or label (AES-GCM authentication failed).", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>
    /// Key rotation: unwraps the data key with the KEK version named by <paramref name="keyId"/> and wraps it with the
    /// current one. The envelope is not needed and not touched; the secret is never decrypted.
    /// </summary>
    public async Task<RewrappedDataKey> RewrapAsync(string keyId, byte[] wrappedDataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrappedDataKey);
        var dataKey = await KeyFor(keyId).UnwrapAsync(wrappedDataKey, cancellationToken).ConfigureAwait(false);
        try
        {
            var wrapped = await current.WrapAsync(dataKey, cancellationToken).ConfigureAwait(false);
            return new RewrappedDataKey(current.KeyId, wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static void RequireValidKeyId(IKeyEncryptionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!KeyIds.IsValid(key.KeyId))
        {
            throw new ProviderSecretException(
                "A key-encryption key's id must be \"<key reference>/<version>\": 3..256 printable ASCII characters without spaces.");
        }
    }

    private IKeyEncryptionKey KeyFor(string keyId) =>
        keys.TryGetValue(keyId, out var key)
            ? key
            : throw new ProviderSecretException(
                $"Key-encryption key {keyId} is not configured: add it as a previous key until every data key it wrapped is re-wrapped.");
}
