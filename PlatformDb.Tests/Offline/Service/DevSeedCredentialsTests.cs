using PlatformDb.Cli.Service;

namespace PlatformDb.Tests.Offline.Service;

/// <summary>The credentials smoke uses by default are the ones the development seed documents and stores.</summary>
public sealed class DevSeedCredentialsTests
{
    [Fact]
    public void Every_documented_api_key_hashes_to_the_sha256_seeded_for_its_prefix()
    {
        var documented = DevSeedCredentials.DocumentedApiKeys;
        var seeded = DevSeedCredentials.SeededApiKeyHashes;

        Assert.Contains("pdb_dev_0001", documented.Keys);
        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), seeded.Keys.Order(StringComparer.Ordinal));
        Assert.All(documented, pair => Assert.Equal(seeded[pair.Key], Convert.ToHexString(ApiKeys.Hash(pair.Value))));
    }

    [Fact]
    public void A_second_documented_key_is_paired_with_its_own_insert_however_it_is_laid_out()
    {
        var seed = File.ReadAllText(Path.Combine(Infrastructure.RepoPaths.TestData, "DevSeed", "TwoKeys.sql"));

        var documented = DevSeedCredentials.DocumentedApiKeysIn(seed);
        var seeded = DevSeedCredentials.SeededApiKeyHashesIn(seed);

        Assert.Equal(["pdb_dev_0001", "pdb_dev_0009"], documented.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["pdb_dev_0001", "pdb_dev_0009"], seeded.Keys.Order(StringComparer.Ordinal));
        Assert.All(documented, pair => Assert.Equal(seeded[pair.Key], Convert.ToHexString(ApiKeys.Hash(pair.Value))));
        Assert.Contains("dev2@example.com", DevSeedCredentials.DocumentedSecretsIn(seed));
    }

    [Fact]
    public void The_smoke_defaults_are_the_documented_dev_credentials()
    {
        Assert.Equal(SmokeCredentials.DevEmail, DevSeedCredentials.DocumentedEmail);
        Assert.Equal(SmokeCredentials.DevPassword, DevSeedCredentials.DocumentedPassword);
        Assert.Equal(SmokeCredentials.DevApiKey, DevSeedCredentials.DocumentedApiKeys["pdb_dev_0001"]);
    }

    [Fact]
    public void The_readme_dev_credentials_list_every_secret_the_seed_documents()
    {
        var readme = File.ReadAllText(Path.Combine(Infrastructure.RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("### Dev credentials", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md lacks the section ### Dev credentials");
        var end = readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];

        Assert.Contains("public on purpose", section, StringComparison.Ordinal);
        Assert.All(DevSeedCredentials.DocumentedSecrets, secret => Assert.Contains($"`{secret}`", section, StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_hash_is_the_sha256_of_the_utf8_bytes()
    {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Convert.ToHexString(ApiKeys.Hash("abc")));
    }

    [Theory]
    [InlineData("pdb_dev_0001_uFWEZNucJXkrTaXKr1Zp89jC4EUejftm", "pdb_dev_0001")]
    [InlineData("nounderscore", "(no prefix)")]
    public void Only_the_prefix_of_a_key_is_printable(string key, string prefix)
    {
        Assert.Equal(prefix, ApiKeys.Prefix(key));
    }
}
