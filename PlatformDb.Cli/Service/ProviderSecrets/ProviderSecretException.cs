using PlatformDb.Cli.Core;

namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>
/// A provider secret could not be protected or recovered: a malformed or altered envelope, a wrapped data key that does
/// not unwrap, a key-encryption key that is not configured. The message never contains the secret or a key.
/// </summary>
public sealed class ProviderSecretException(string message, Exception? innerException = null) : PlatformDbException(message, innerException);

/// <summary>
/// A provider-credential procedure refused the call with one of its documented errors (50520–50529, docs/errors.md).
/// </summary>
public sealed class ProviderCredentialRefusedException(int number, string message, Exception innerException)
    : PlatformDbException($"Error {number}: {message}", innerException)
{
    public int Number { get; } = number;
}
