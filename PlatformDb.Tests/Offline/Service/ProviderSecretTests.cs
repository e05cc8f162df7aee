using System.Diagnostics;
using System.Text;
using PlatformDb.Cli.Core;
using PlatformDb.Cli.Deploy;
using PlatformDb.Cli.Service.ProviderSecrets;

namespace PlatformDb.Tests.Offline.Service;

/// <summary>
/// Envelope encryption of provider secrets (PlatformDb.Cli/Service/ProviderSecrets, docs/security.md "Provider secrets"):
/// round trip, tamper and misuse detection, format versioning, key rotation, and the store's fail-fast connect.
/// </summary>
public sealed class ProviderSecretTests : IDisposable
{
    private const int Organization = 41;
    private const int Provider = 3;
    private const string Label = "default";
    private const string Secret = "sk-test-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF";

    private readonly LocalKeyEncryptionKey oldKey = LocalKeyEncryptionKey.Generate("local-test/v1");
    private readonly LocalKeyEncryptionKey newKey = LocalKeyEncryptionKey.Generate("local-test/v2");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        oldKey.Dispose();
        newKey.Dispose();
    }

    [Fact]
    public async Task A_protected_secret_round_trips_for_its_organization_and_provider()
    {
        var protector = new ProviderSecretProtector(oldKey);

        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        Assert.Equal("local-test/v1", stored.KeyId);
        Assert.Equal(Secret, await protector.UnprotectAsync(Organization, Provider, Label, stored, Cancel));
    }

    [Fact]
    public async Task The_envelope_is_version_nonce_tag_ciphertext_and_passes_the_table_checks()
    {
        var stored = await new ProviderSecretProtector(oldKey).ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        Assert.Equal(0x01, stored.Ciphertext[0]);
        Assert.Equal(1 + 12 + 16 + Encoding.UTF8.GetByteCount(Secret), stored.Ciphertext.Length);
        var envelope = ProviderSecretEnvelope.Parse(stored.Ciphertext);
        Assert.Equal(12, envelope.Nonce.Length);
        Assert.Equal(16, envelope.Tag.Length);
        Assert.Equal(stored.Ciphertext, envelope.Serialize());
        // CK_ProviderCredential_CiphertextIsEnvelope, CK_ProviderCredential_WrappedDataKeyLength, CK_ProviderCredential_KeyIdShape.
        Assert.InRange(stored.Ciphertext.Length, 30, 8000);
        Assert.InRange(stored.WrappedDataKey.Length, 40, 1024);
        Assert.True(KeyIds.IsValid(stored.KeyId));
    }

    [Fact]
    public async Task Neither_the_plaintext_nor_a_part_of_it_appears_in_the_stored_bytes()
    {
        var stored = await new ProviderSecretProtector(oldKey).ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var plain = Encoding.UTF8.GetBytes(Secret);

        foreach (var bytes in new[] { stored.Ciphertext, stored.WrappedDataKey, Encoding.UTF8.GetBytes(stored.KeyId) })
        {
            // Any 8-byte window of the secret would betray it.
            for (var i = 0; i + 8 <= plain.Length; i++)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(plain.AsSpan(i, 8)));
            }
        }

        Assert.DoesNotContain(Secret, stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_secret_encrypts_differently_each_time()
    {
        var protector = new ProviderSecretProtector(oldKey);

        var first = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var second = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        Assert.NotEqual(first.WrappedDataKey, second.WrappedDataKey);
    }

    [Theory]
    [InlineData("nonce", 1)]
    [InlineData("tag", 1 + 12)]
    [InlineData("ciphertext", 1 + 12 + 16)]
    [InlineData("last ciphertext byte", -1)]
    public async Task A_flipped_bit_in_the_envelope_fails_authentication(string part, int offset)
    {
        var protector = new ProviderSecretProtector(oldKey);
        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var tampered = (byte[])stored.Ciphertext.Clone();
        tampered[offset < 0 ? tampered.Length + offset : offset] ^= 0x01;

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() =>
            protector.UnprotectAsync(Organization, Provider, Label, stored with { Ciphertext = tampered }, Cancel));

        Assert.Contains("does not decrypt", error.Message, StringComparison.Ordinal);
        Assert.Contains("altered", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.NotNull(part);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public async Task A_flipped_bit_in_the_wrapped_data_key_fails_to_unwrap(int offset)
    {
        var protector = new ProviderSecretProtector(oldKey);
        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var tampered = (byte[])stored.WrappedDataKey.Clone();
        tampered[offset < 0 ? tampered.Length + offset : offset] ^= 0x01;

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() =>
            protector.UnprotectAsync(Organization, Provider, Label, stored with { WrappedDataKey = tampered }, Cancel));

        Assert.Contains("local-test/v1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Organization + 1, Provider)]
    [InlineData(Organization, Provider + 1)]
    [InlineData(Provider, Organization)]
    public async Task A_ciphertext_moved_to_another_organization_or_provider_does_not_decrypt(int organization, int provider)
    {
        var protector = new ProviderSecretProtector(oldKey);
        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() => protector.UnprotectAsync(organization, provider, Label, stored, Cancel));

        Assert.Contains("another organization, provider or label", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("Default")]
    [InlineData("default ")]
    public async Task A_ciphertext_moved_to_another_label_of_the_same_organization_and_provider_does_not_decrypt(string label)
    {
        // Swapping two labels' rows (say a low-budget "batch" key and the "default" key) within one organization and
        // provider needs no key material, only write access to the table; the label in the associated data stops it.
        // The binding is exact: a label that the column's collation would match (case, trailing spaces) is another label
        // here, which is why the store returns the stored label for decryption.
        var protector = new ProviderSecretProtector(oldKey);
        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() => protector.UnprotectAsync(Organization, Provider, label, stored, Cancel));

        Assert.Contains("another organization, provider or label", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((byte)0x00)]
    [InlineData((byte)0x02)]
    [InlineData((byte)0xff)]
    public async Task An_unknown_format_version_is_refused_before_decrypting(byte version)
    {
        var protector = new ProviderSecretProtector(oldKey);
        var stored = await protector.ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var other = (byte[])stored.Ciphertext.Clone();
        other[0] = version;

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() => protector.UnprotectAsync(Organization, Provider, Label, stored with { Ciphertext = other }, Cancel));

        Assert.StartsWith($"Unknown provider secret format version 0x{version:x2}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "empty")]
    [InlineData(1, "at least 30")]
    [InlineData(29, "at least 30")]
    [InlineData(8001, "at most 8000")]
    public void Envelopes_of_a_wrong_length_are_refused_with_the_reason(int length, string reason)
    {
        var bytes = new byte[length];
        if (length > 0)
        {
            bytes[0] = ProviderSecretEnvelope.Version1;
        }

        var error = Assert.Throws<ProviderSecretException>(() => ProviderSecretEnvelope.Parse(bytes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_associated_data_is_prefix_version_big_endian_ids_and_the_length_prefixed_utf8_label()
    {
        var data = ProviderSecretEnvelope.AssociatedData(0x01, 0x01020304, 0x0A0B0C0D, "bätch");

        Assert.Equal(
            "PlatformDb.ProviderCredential"u8.ToArray()
                .Concat(new byte[] { 0x01, 1, 2, 3, 4, 0x0A, 0x0B, 0x0C, 0x0D, 0, 0, 0, 6 })
                .Concat("bätch"u8.ToArray()),
            data);
    }

    [Fact]
    public async Task Rewrap_changes_the_key_id_and_wrapped_key_and_keeps_the_secret()
    {
        var stored = await new ProviderSecretProtector(oldKey).ProtectAsync(Organization, Provider, Label, Secret, Cancel);
        var rotating = new ProviderSecretProtector(newKey, oldKey);

        var rewrapped = await rotating.RewrapAsync(stored.KeyId, stored.WrappedDataKey, Cancel);

        Assert.Equal("local-test/v2", rewrapped.KeyId);
        Assert.NotEqual(stored.WrappedDataKey, rewrapped.WrappedDataKey);
        var moved = stored with { KeyId = rewrapped.KeyId, WrappedDataKey = rewrapped.WrappedDataKey };
        // Once rewrapped, the old KEK is no longer needed.
        Assert.Equal(Secret, await new ProviderSecretProtector(newKey).UnprotectAsync(Organization, Provider, Label, moved, Cancel));
    }

    [Fact]
    public async Task A_key_id_that_is_not_configured_is_named_in_the_error()
    {
        var stored = await new ProviderSecretProtector(oldKey).ProtectAsync(Organization, Provider, Label, Secret, Cancel);

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() =>
            new ProviderSecretProtector(newKey).UnprotectAsync(Organization, Provider, Label, stored, Cancel));

        Assert.Contains("local-test/v1 is not configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_key_wrapped_under_another_key_id_does_not_unwrap_even_with_the_same_key_bytes()
    {
        var bytes = new byte[32];
        bytes[0] = 7;
        using var first = new LocalKeyEncryptionKey("local-same/v1", bytes);
        using var renamed = new LocalKeyEncryptionKey("local-same/v2", bytes);
        var wrapped = await first.WrapAsync(new byte[32], Cancel);

        await Assert.ThrowsAsync<ProviderSecretException>(() => renamed.UnwrapAsync(wrapped, Cancel));
    }

    [Theory]
    [InlineData("local/v1", true)]
    [InlineData("https://vault.example/keys/provider-secrets/0123abcd", true)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("v1", false)]
    [InlineData("/v1", false)]
    [InlineData("local/", false)]
    [InlineData("local key/v1", false)]
    [InlineData("lokal/vé", false)]
    [InlineData("", false)]
    public void Key_ids_follow_the_table_check(string keyId, bool valid) =>
        Assert.Equal(valid, KeyIds.IsValid(keyId));

    [Theory]
    [InlineData("vault/ключ-v1")]
    [InlineData("vault/v 1")]
    [InlineData("no-version")]
    public void A_key_encryption_key_whose_id_the_table_would_refuse_or_the_code_page_would_alter_is_refused(string keyId)
    {
        // A KMS adapter names its own key; non-ASCII would reach the VARCHAR column as '?' and pass the shape check there.
        var error = Assert.Throws<ProviderSecretException>(() => new ProviderSecretProtector(new NamedKey(keyId)));
        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
        Assert.Throws<ProviderSecretException>(() => new ProviderSecretProtector(oldKey, new NamedKey(keyId)));
    }

    private sealed class NamedKey(string keyId) : IKeyEncryptionKey
    {
        public string KeyId { get; } = keyId;

        public Task<byte[]> WrapAsync(byte[] dataKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<byte[]> UnwrapAsync(byte[] wrappedDataKey, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task An_empty_secret_is_refused()
    {
        var protector = new ProviderSecretProtector(oldKey);

        var error = await Assert.ThrowsAsync<ProviderSecretException>(() => protector.ProtectAsync(Organization, Provider, Label, "", Cancel));

        Assert.Contains("1..7971 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_against_an_unreachable_server_fails_fast_with_the_network_error()
    {
        const string Unreachable = "Server=tcp:127.0.0.1,1;Database=PlatformDb;User ID=sa;Password=not-a-secret;Connect Timeout=2;Encrypt=False";
        var store = new ProviderCredentialStore(SqlTarget.Parse(Unreachable));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(() => store.GetAsync(Organization, Provider, "default", Cancel));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Contains("127.0.0.1,1", error.Message, StringComparison.Ordinal);
        Assert.Contains("network-related", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret", error.Message, StringComparison.Ordinal);
    }
}
