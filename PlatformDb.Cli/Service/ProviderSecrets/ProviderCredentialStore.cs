using System.Data;
using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Deploy;

namespace PlatformDb.Cli.Service.ProviderSecrets;

/// <summary>One row of tenancy.ListProviderCredentials: metadata only, never key material.</summary>
public sealed record ProviderCredentialInfo(
    int ProviderCredentialId,
    int ProviderId,
    string ProviderCode,
    string Label,
    string KeyId,
    int CreatedByUserId,
    DateTime CreatedAt,
    DateTime? RewrappedAt,
    DateTime? RevokedAt,
    int? RevokedByUserId);

/// <summary>
/// The live credential tenancy.GetProviderCredential returns, still encrypted. <see cref="Label"/> is the label as stored
/// (the lookup may match it case-insensitively, by the column's collation): decrypt with it, since the ciphertext's
/// associated data binds the stored label.
/// </summary>
public sealed record StoredProviderCredential(int ProviderCredentialId, string Label, ProtectedSecret Secret);

/// <summary>
/// Calls the provider-credential procedures (docs/security.md): the only way the service stores, reads, re-wraps and
/// revokes organizations' provider keys. It handles ciphertext only; <see cref="ProviderSecretProtector"/> encrypts and
/// decrypts in the application. Every call opens its connection through <see cref="SqlTarget.OpenAsync"/>, so an
/// unreachable server fails fast with <see cref="Core.ServerUnreachableException"/>; a documented refusal
/// (50520–50529) becomes <see cref="ProviderCredentialRefusedException"/>.
/// </summary>
public sealed class ProviderCredentialStore
{
    private readonly SqlTarget? target;
    private readonly SqlConnection? connection;
    private readonly SqlTransaction? transaction;

    /// <summary>Opens a connection to the target's database for each call.</summary>
    public ProviderCredentialStore(SqlTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
    }

    /// <summary>
    /// Uses an open connection the caller owns (and may have started an impersonation on); the store neither opens nor
    /// closes it. Pass the caller's <paramref name="transaction"/> if one is open: SqlClient runs a command on a connection
    /// with a local transaction only when the command is enlisted in it. The procedures are safe inside a caller's
    /// transaction (docs/errors.md, Notes).
    /// </summary>
    public ProviderCredentialStore(SqlConnection connection, SqlTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.transaction = transaction;
    }

    public const int FirstErrorNumber = 50520;
    public const int LastErrorNumber = 50529;

    /// <summary>tenancy.StoreProviderCredential: revokes the live credential of the label, if any, and stores the new one.</summary>
    public Task<int> StoreAsync(int organizationId, int providerId, string label, ProtectedSecret secret, int actorUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(secret);
        return RunAsync("tenancy.StoreProviderCredential", async command =>
        {
            command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            command.Parameters.Add("@ProviderId", SqlDbType.Int).Value = providerId;
            command.Parameters.Add("@Label", SqlDbType.NVarChar, 4000).Value = label;
            command.Parameters.Add("@KeyId", SqlDbType.VarChar, 8000).Value = secret.KeyId;
            command.Parameters.Add("@WrappedDataKey", SqlDbType.VarBinary, -1).Value = secret.WrappedDataKey;
            command.Parameters.Add("@Ciphertext", SqlDbType.VarBinary, -1).Value = secret.Ciphertext;
            command.Parameters.Add("@ActorUserId", SqlDbType.Int).Value = actorUserId;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await ReadOneRowAsync(reader, "tenancy.StoreProviderCredential", cancellationToken).ConfigureAwait(false);
            return reader.GetInt32(reader.GetOrdinal("ProviderCredentialId"));
        }, cancellationToken);
    }

    /// <summary>tenancy.GetProviderCredential: the live credential of the label (refused with 50523 when there is none).</summary>
    public Task<StoredProviderCredential> GetAsync(int organizationId, int providerId, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        return RunAsync("tenancy.GetProviderCredential", async command =>
        {
            command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            command.Parameters.Add("@ProviderId", SqlDbType.Int).Value = providerId;
            command.Parameters.Add("@Label", SqlDbType.NVarChar, 4000).Value = label;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await ReadOneRowAsync(reader, "tenancy.GetProviderCredential", cancellationToken).ConfigureAwait(false);
            return new StoredProviderCredential(
                reader.GetInt32(reader.GetOrdinal("ProviderCredentialId")),
                reader.GetString(reader.GetOrdinal("Label")),
                new ProtectedSecret(
                    reader.GetString(reader.GetOrdinal("KeyId")),
                    (byte[])reader["WrappedDataKey"],
                    (byte[])reader["Ciphertext"]));
        }, cancellationToken);
    }

    /// <summary>tenancy.ListProviderCredentials: every credential of the organization, revoked ones included.</summary>
    public Task<IReadOnlyList<ProviderCredentialInfo>> ListAsync(int organizationId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ProviderCredentialInfo>>("tenancy.ListProviderCredentials", async command =>
        {
            command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            var rows = new List<ProviderCredentialInfo>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new ProviderCredentialInfo(
                    reader.GetInt32(reader.GetOrdinal("ProviderCredentialId")),
                    reader.GetInt32(reader.GetOrdinal("ProviderId")),
                    reader.GetString(reader.GetOrdinal("ProviderCode")),
                    reader.GetString(reader.GetOrdinal("Label")),
                    reader.GetString(reader.GetOrdinal("KeyId")),
                    reader.GetInt32(reader.GetOrdinal("CreatedByUserId")),
                    reader.GetDateTime(reader.GetOrdinal("CreatedAt")),
                    reader["RewrappedAt"] as DateTime?,
                    reader["RevokedAt"] as DateTime?,
                    reader["RevokedByUserId"] as int?));
            }

            return rows;
        }, cancellationToken);

    /// <summary>tenancy.RewrapProviderCredential: refused with 50525 if the key id is no longer <paramref name="expectedKeyId"/>.</summary>
    public Task RewrapAsync(int organizationId, int providerCredentialId, string expectedKeyId, RewrappedDataKey rewrapped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedKeyId);
        ArgumentNullException.ThrowIfNull(rewrapped);
        return RunAsync("tenancy.RewrapProviderCredential", async command =>
        {
            command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            command.Parameters.Add("@ProviderCredentialId", SqlDbType.Int).Value = providerCredentialId;
            command.Parameters.Add("@ExpectedKeyId", SqlDbType.VarChar, 8000).Value = expectedKeyId;
            command.Parameters.Add("@NewKeyId", SqlDbType.VarChar, 8000).Value = rewrapped.KeyId;
            command.Parameters.Add("@NewWrappedDataKey", SqlDbType.VarBinary, -1).Value = rewrapped.WrappedDataKey;
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>tenancy.RevokeProviderCredential: idempotent.</summary>
    public Task RevokeAsync(int organizationId, int providerCredentialId, int actorUserId, CancellationToken cancellationToken) =>
        RunAsync("tenancy.RevokeProviderCredential", async command =>
        {
            command.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            command.Parameters.Add("@ProviderCredentialId", SqlDbType.Int).Value = providerCredentialId;
            command.Parameters.Add("@ActorUserId", SqlDbType.Int).Value = actorUserId;
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<T> RunAsync<T>(string procedure, Func<SqlCommand, Task<T>> call, CancellationToken cancellationToken)
    {
        var owned = connection is null ? await target!.OpenAsync(database: true, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            await using var command = new SqlCommand(procedure, owned ?? connection, owned is null ? transaction : null)
            {
                CommandType = CommandType.StoredProcedure,
            };
            return await CallAsync(command, call).ConfigureAwait(false);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Moves to the one row a procedure returns. A refusal raised before the result set surfaces from ExecuteReader; one
    /// raised after it would surface here, and a missing row is never read as default values.
    /// </summary>
    private static async Task ReadOneRowAsync(SqlDataReader reader, string procedure, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ProviderSecretException($"{procedure} returned no row.");
        }
    }

    private static async Task<T> CallAsync<T>(SqlCommand command, Func<SqlCommand, Task<T>> call)
    {
        try
        {
            return await call(command).ConfigureAwait(false);
        }
        catch (SqlException e) when (e.Number is >= FirstErrorNumber and <= LastErrorNumber)
        {
            throw new ProviderCredentialRefusedException(e.Number, e.Message, e);
        }
    }
}
