using PlatformDb.Cli.Service;

namespace PlatformDb.Tests.Offline.Service;

/// <summary>The PHC reader and verifier behind `platformdb smoke` (PlatformDb.Cli/Service/PasswordHashes.cs).</summary>
public sealed class PasswordHashesTests
{
    // 1000 iterations keep the generated cases fast; the seed's 600000 is checked once below.
    private const int FewIterations = 1000;

    [Fact]
    public void The_documented_dev_password_verifies_against_the_hash_in_the_dev_seed()
    {
        var stored = DevSeedCredentials.SeededPasswordHashes[0];

        Assert.True(PasswordHashes.Verify(DevSeedCredentials.DocumentedPassword, stored));
    }

    [Fact]
    public void The_dev_seed_hash_is_parsed_with_its_iteration_count_and_sizes()
    {
        var parsed = PasswordHashes.Parse(DevSeedCredentials.SeededPasswordHashes[0]);

        Assert.Equal(600_000, parsed.Iterations);
        Assert.Equal(16, parsed.Salt.Length);
        Assert.Equal(32, parsed.Hash.Length);
    }

    [Fact]
    public void A_wrong_password_does_not_verify()
    {
        var stored = PasswordHashes.Hash("right horse battery", FewIterations);

        Assert.False(PasswordHashes.Verify("right horse batterY", stored));
        Assert.False(PasswordHashes.Verify("", stored));
        Assert.True(PasswordHashes.Verify("right horse battery", stored));
    }

    [Fact]
    public void A_known_vector_verifies()
    {
        // Computed with Python's hashlib.pbkdf2_hmac('sha256', b'password', b'saltsaltsaltsalt', 1000), base64 without padding.
        const string Known = "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";

        Assert.True(PasswordHashes.Verify("password", Known));
        Assert.Equal(1000, PasswordHashes.Parse(Known).Iterations);
    }

    [Theory]
    [InlineData("$pbkdf2-sha256$i=1$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", 1)]
    [InlineData("$pbkdf2-sha256$i=29000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", 29000)]
    [InlineData("$pbkdf2-sha256$i=10000000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", 10_000_000)]
    public void The_iteration_count_is_parsed(string phc, int iterations)
    {
        Assert.Equal(iterations, PasswordHashes.Parse(phc).Iterations);
    }

    [Theory]
    [InlineData("", "not a PHC string")]
    [InlineData("pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "not a PHC string")]
    [InlineData("$$i=1000$a$b", "not a PHC string")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA", "four fields")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y$x", "four fields")]
    [InlineData("$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=01000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=-5$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=99999999999$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=10000001$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "above the limit")]
    [InlineData("$pbkdf2-sha256$i=1000,p=1$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "i=<iterations>")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA==$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "salt is not base64")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNh.HRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "salt is not base64")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$hbzDOXYR8ieUJqPLoTh-tEpzm1MYlUBQvM78IChnv5Y", "hash is not base64")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdAxyz$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "salt is not base64")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdA$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "salt is 4 bytes")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA", "hash is 4 bytes")]
    [InlineData("$pbkdf2-sha256$i=1000$$hbzDOXYR8ieUJqPLoTh/tEpzm1MYlUBQvM78IChnv5Y", "salt is 0 bytes")]
    public void Malformed_strings_are_rejected_with_the_reason(string phc, string reason)
    {
        var error = Assert.Throws<PasswordHashFormatException>(() => PasswordHashes.Parse(phc));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$pbkdf2-sha512$i=1000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", "Unsupported password hash scheme 'pbkdf2-sha512'")]
    [InlineData("$2b$12$abcdefghijklmnopqrstuv", "Unsupported password hash scheme '2b'")]
    [InlineData("$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA", "Unsupported password hash scheme 'scrypt'")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", "argon2id, which this tool cannot verify")]
    [InlineData("$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA", "argon2i, which this tool cannot verify")]
    public void Unknown_schemes_are_rejected_by_name_and_argon2_says_why(string phc, string message)
    {
        var error = Assert.Throws<PasswordHashFormatException>(() => PasswordHashes.Verify("password", phc));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_writes_a_string_that_parses_back()
    {
        var phc = PasswordHashes.Hash("p", FewIterations);

        var parsed = PasswordHashes.Parse(phc);
        Assert.StartsWith("$pbkdf2-sha256$i=1000$", phc, StringComparison.Ordinal);
        Assert.DoesNotContain("=", phc[(phc.IndexOf("i=", StringComparison.Ordinal) + 2)..], StringComparison.Ordinal);
        Assert.Equal((16, 32), (parsed.Salt.Length, parsed.Hash.Length));
    }
}
