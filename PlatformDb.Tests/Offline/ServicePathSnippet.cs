using System.Data;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Tests.Offline;

/// <summary>
/// The README's "service path from C#" snippet, compiled: the region between the service-path markers is what the
/// README shows (ServicePathSnippetTests keeps the two equal), so the README cannot show code that no longer builds.
/// </summary>
public static class ServicePathSnippet
{
    // <service-path>
    // using System.Data; using System.Security.Cryptography; using System.Text; using Microsoft.Data.SqlClient;
    public static async Task<long> RecordOneRequestAsync(string connectionString, string apiKey, int modelId, CancellationToken ct)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);

        // 1. Authenticate the key: the database holds only the SHA-256 of its UTF-8 bytes (50101 unknown, 50102 revoked, 50103 expired).
        int apiKeyId, organizationId;
        await using (var authenticate = new SqlCommand("identity.AuthenticateApiKey", connection) { CommandType = CommandType.StoredProcedure })
        {
            authenticate.Parameters.Add("@KeyHash", SqlDbType.VarBinary, 32).Value = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
            await using var key = await authenticate.ExecuteReaderAsync(ct);
            await key.ReadAsync(ct);
            apiKeyId = key.GetInt32(key.GetOrdinal("ApiKeyId"));
            organizationId = key.GetInt32(key.GetOrdinal("OrganizationId"));
        }

        // 2. Record one request; the request id (at most 64 characters) makes a retry a 'duplicate' that charges nothing.
        DateTime hour;
        await using (var record = new SqlCommand("billing.RecordRequest", connection) { CommandType = CommandType.StoredProcedure })
        {
            record.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
            record.Parameters.Add("@ApiKeyId", SqlDbType.Int).Value = apiKeyId;
            record.Parameters.Add("@RequestId", SqlDbType.VarChar, 64).Value = $"req-{Guid.NewGuid():N}";
            record.Parameters.Add("@ModelId", SqlDbType.Int).Value = modelId;
            record.Parameters.Add("@OccurredAt", SqlDbType.DateTime2).Value = DateTime.UtcNow;
            record.Parameters.Add("@PromptTokens", SqlDbType.Int).Value = 12;
            record.Parameters.Add("@CompletionTokens", SqlDbType.Int).Value = 3;
            record.Parameters.Add("@LatencyMs", SqlDbType.Int).Value = 250;
            record.Parameters.Add("@StatusCode", SqlDbType.SmallInt).Value = (short)200;
            await using var recorded = await record.ExecuteReaderAsync(ct);
            await recorded.ReadAsync(ct);
            hour = recorded.GetDateTime(recorded.GetOrdinal("HourBucket"));
        }

        // 3. Read the hour back through the hourly trend (one row per hour and model; NULL = no key filter).
        await using var trend = new SqlCommand(
            "SELECT ISNULL(SUM(RequestCount), 0) FROM usage.GetUsageHourly(@OrganizationId, @From, @To, @ModelId, NULL);", connection);
        trend.Parameters.Add("@OrganizationId", SqlDbType.Int).Value = organizationId;
        trend.Parameters.Add("@From", SqlDbType.DateTime2).Value = hour;
        trend.Parameters.Add("@To", SqlDbType.DateTime2).Value = hour.AddHours(1);
        trend.Parameters.Add("@ModelId", SqlDbType.Int).Value = modelId;
        return (long)(await trend.ExecuteScalarAsync(ct))!;
    }
    // </service-path>
}
