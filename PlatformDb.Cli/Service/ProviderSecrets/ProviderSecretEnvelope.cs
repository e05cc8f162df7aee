using System.Buffers.Binary;
using System.Text;

namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>
/// The stored form of an encrypted provider secret (docs/security.md, "Provider secrets"): version byte 0x01 | 12-byte
/// AES-GCM nonce | 16-byte tag | ciphertext (as long as the plaintext, at least one byte). The version byte comes first
/// so that a later format can be told apart without guessing; an unknown version is refused, never decrypted.
/// </summary>
public sealed class ProviderSecretEnvelope
{
    public const byte Version1 = 0x01;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Version byte, nonce and tag: the bytes before the ciphertext.</summary>
    public const int HeaderSize = 1 + NonceSize + TagSize;

    /// <summary>The smallest valid envelope: a header and one byte of ciphertext (CK_ProviderCredential_CiphertextIsEnvelope).</summary>
    public const int MinimumSize = HeaderSize + 1;

    /// <summary>The largest envelope tenancy.ProviderCredential.Ciphertext holds (VARBINARY(8000)).</summary>
    public const int MaximumSize = 8000;

    /// <summary>Prefix of the associated data, so that a version-1 tag cannot be valid for any other use of a data key.</summary>
    private static readonly byte[] AssociatedDataLabel = Encoding.ASCII.GetBytes("PlatformDb.ProviderCredential");

    public ProviderSecretEnvelope(byte version, byte[] nonce, byte[] tag, byte[] ciphertext)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(ciphertext);
        if (version != Version1)
        {
            throw new ProviderSecretException($"Unknown provider secret format version 0x{version:x2}: this build reads only version 0x{Version1:x2}.");
        }

        if (nonce.Length != NonceSize || tag.Length != TagSize || ciphertext.Length == 0 || HeaderSize + ciphertext.Length > MaximumSize)
        {
            throw new ProviderSecretException(
                $"A version-1 provider secret envelope needs a {NonceSize}-byte nonce, a {TagSize}-byte tag and 1..{MaximumSize - HeaderSize} bytes of ciphertext.");
        }

        Version = version;
        Nonce = nonce;
        Tag = tag;
        Ciphertext = ciphertext;
    }

    public byte Version { get; }

    public byte[] Nonce { get; }

    public byte[] Tag { get; }

    public byte[] Ciphertext { get; }

    /// <summary>Reads the stored bytes; throws <see cref="ProviderSecretException"/> naming what is wrong.</summary>
    public static ProviderSecretEnvelope Parse(ReadOnlySpan<byte> stored)
    {
        if (stored.IsEmpty)
        {
            throw new ProviderSecretException("The provider secret envelope is empty.");
        }

        if (stored[0] != Version1)
        {
            throw new ProviderSecretException($"Unknown provider secret format version 0x{stored[0]:x2}: this build reads only version 0x{Version1:x2}.");
        }

        if (stored.Length < MinimumSize)
        {
            throw new ProviderSecretException(
                $"The provider secret envelope is {stored.Length} bytes; version 1 needs at least {MinimumSize} (version, {NonceSize}-byte nonce, {TagSize}-byte tag, ciphertext).");
        }

        if (stored.Length > MaximumSize)
        {
            throw new ProviderSecretException($"The provider secret envelope is {stored.Length} bytes; at most {MaximumSize} are stored.");
        }

        return new ProviderSecretEnvelope(
            stored[0],
            stored.Slice(1, NonceSize).ToArray(),
            stored.Slice(1 + NonceSize, TagSize).ToArray(),
            stored[HeaderSize..].ToArray());
    }

    /// <summary>The stored bytes: version | nonce | tag | ciphertext.</summary>
    public byte[] Serialize()
    {
        var bytes = new byte[HeaderSize + Ciphertext.Length];
        bytes[0] = Version;
        Nonce.CopyTo(bytes, 1);
        Tag.CopyTo(bytes, 1 + NonceSize);
        Ciphertext.CopyTo(bytes, HeaderSize);
        return bytes;
    }

    /// <summary>
    /// The AES-GCM associated data of a version-1 envelope: ASCII "PlatformDb.ProviderCredential" | version byte |
    /// organization id (int32, big-endian) | provider id (int32, big-endian) | byte length of the label's UTF-8 (int32,
    /// big-endian) | the label's UTF-8. A ciphertext moved to another organization, provider or label (e.g. two labels'
    /// ciphertexts swapped within one organization and provider), or read as another version, fails authentication.
    /// The label is bound exactly as stored: pass the label tenancy.GetProviderCredential returns, not the one asked for
    /// (the column's collation may match it case-insensitively).
    /// </summary>
    public static byte[] AssociatedData(byte version, int organizationId, int providerId, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var data = new byte[AssociatedDataLabel.Length + 1 + 4 + 4 + 4 + labelBytes.Length];
        AssociatedDataLabel.CopyTo(data, 0);
        var at = AssociatedDataLabel.Length;
        data[at] = version;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(at + 1, 4), organizationId);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(at + 5, 4), providerId);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(at + 9, 4), labelBytes.Length);
        labelBytes.CopyTo(data, at + 13);
        return data;
    }
}
