using System.Security.Cryptography;
using System.Text;

namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>
/// A key-encryption key held in process memory, for development and tests only: production keeps the KEK in a key
/// management service behind the same <see cref="IKeyEncryptionKey"/> interface. Wraps a data key with AES-256-GCM:
/// 0x01 | 12-byte nonce | 16-byte tag | encrypted data key (61 bytes for a 32-byte data key), with the format byte and
/// the UTF-8 key id as associated data (so a wrapped key does not unwrap under another key id even with the same key
/// bytes). A random 96-bit nonce per wrap: keep one KEK version under 2^32 wraps (NIST SP 800-38D, random IVs).
/// </summary>
public sealed class LocalKeyEncryptionKey : IKeyEncryptionKey, IDisposable
{
    private const byte FormatVersion = 0x01;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;
    private bool disposed;

    /// <summary>Copies <paramref name="key"/> (32 bytes); <see cref="Dispose"/> zeroes the copy.</summary>
    public LocalKeyEncryptionKey(string keyId, ReadOnlySpan<byte> key)
    {
        if (!KeyIds.IsValid(keyId))
        {
            throw new ProviderSecretException("A key id is \"<key reference>/<version>\": 3..256 printable ASCII characters without spaces.");
        }

        if (key.Length != KeySize)
        {
            throw new ProviderSecretException($"A local key-encryption key is {KeySize} bytes (AES-256), not {key.Length}.");
        }

        KeyId = keyId;
        this.key = key.ToArray();
    }

    public string KeyId { get; }

    /// <summary>A new random 256-bit key under <paramref name="keyId"/>.</summary>
    public static LocalKeyEncryptionKey Generate(string keyId)
    {
        var bytes = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            return new LocalKeyEncryptionKey(keyId, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataKey);
        ObjectDisposedException.ThrowIf(disposed, this);
        var wrapped = new byte[1 + NonceSize + TagSize + dataKey.Length];
        wrapped[0] = FormatVersion;
        var nonce = wrapped.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(1 + NonceSize + TagSize), wrapped.AsSpan(1 + NonceSize, TagSize), AssociatedData());
        return Task.FromResult(wrapped);
    }

    public Task<byte[]> UnwrapAsync(byte[] wrappedDataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wrappedDataKey);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (wrappedDataKey.Length <= 1 + NonceSize + TagSize || wrappedDataKey[0] != FormatVersion)
        {
            throw new ProviderSecretException($"The wrapped data key is not in the local key format (0x{FormatVersion:x2} | nonce | tag | key) of key {KeyId}.");
        }

        var span = wrappedDataKey.AsSpan();
        var dataKey = new byte[wrappedDataKey.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(span.Slice(1, NonceSize), span[(1 + NonceSize + TagSize)..], span.Slice(1 + NonceSize, TagSize), dataKey, AssociatedData());
            return Task.FromResult(dataKey);
        }
        catch (CryptographicException e)
        {
            // AuthenticationTagMismatchException derives from CryptographicException.
            CryptographicOperations.ZeroMemory(dataKey);
            throw new ProviderSecretException(
                $"The data key does not unwrap with key {KeyId}: the wrapped data key was altered or was wrapped by another key.", e);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(key);
        disposed = true;
    }

    /// <summary>The format byte and the UTF-8 key id: the unauthenticated first byte is authenticated this way too.</summary>
    private byte[] AssociatedData()
    {
        var id = Encoding.UTF8.GetBytes(KeyId);
        var data = new byte[1 + id.Length];
        data[0] = FormatVersion;
        id.CopyTo(data, 1);
        return data;
    }
}
