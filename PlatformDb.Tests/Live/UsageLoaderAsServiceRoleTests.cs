using Microsoft.Data.SqlClient;
using PlatformDb.Cli.Usage;

namespace PlatformDb.Tests.Live;

/// <summary>
/// The contract's C# bulk path under the service role's own permissions, not the test login's: SqlBulkCopy first reads
/// the destination's metadata (<c>SET FMTONLY ON select * from …</c>), and "a bcp in operation minimally requires
/// SELECT/INSERT permissions on the target table" (bcp utility docs, Permissions). A loader that works as sysadmin
/// proves nothing about the grants, so this one runs as a user that is only a member of <c>platform_app</c>.
/// </summary>
[Collection(LiveSqlServerCollection.Name)]
public sealed class UsageLoaderAsServiceRoleTests(LiveDatabaseFixture fixture)
{
    [Fact]
    public async Task A_platform_app_member_can_bulk_copy_into_staging_and_move_its_batch()
    {
        fixture.SkipIfUnavailable();
        var ct = TestContext.Current.CancellationToken;
        var usage = new UsageRows(fixture.ConnectionString);
        var tenant = await usage.TenantAsync(ct);
        var now = DateTime.UtcNow;
        var events = UsageRows.Seeded(tenant, 20, now.AddHours(-3), now.AddMinutes(-1), seed: 4306)
            .Select(e => new UsageEvent(tenant.OrganizationId, e.RequestId, e.ApiKeyId, e.UserId, e.ModelId, e.OccurredAt, e.PromptTokens,
                e.CompletionTokens, e.CachedTokens, e.LatencyMs, e.TimeToFirstTokenMs, e.StatusCode, e.ErrorClass, e.Tags))
            .ToList();
        var user = "usage_loader_" + Guid.NewGuid().ToString("N")[..12];

        // Not pooled: the impersonation must not outlive this connection.
        var builder = new SqlConnectionStringBuilder(fixture.ConnectionString) { Pooling = false };
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, $"CREATE USER [{user}] WITHOUT LOGIN; ALTER ROLE [platform_app] ADD MEMBER [{user}];", ct);
        StagedBatch batch;
        try
        {
            await ExecAsync(connection, $"EXECUTE AS USER = N'{user}';", ct);
            try
            {
                batch = await new UsageBulkLoader(connection).LoadAsync(tenant.OrganizationId, events, ct);
            }
            finally
            {
                await ExecAsync(connection, "REVERT;", ct);
            }
        }
        finally
        {
            await ExecAsync(connection, $"ALTER ROLE [platform_app] DROP MEMBER [{user}]; DROP USER [{user}];", ct);
        }

        var stored = await usage.QueryAsync(
            "SELECT COUNT_BIG(*) FROM [usage].[UsageEvent] WHERE [OrganizationId] = @OrganizationId;", ct,
            new SqlParameter("@OrganizationId", System.Data.SqlDbType.Int) { Value = tenant.OrganizationId });
        Assert.Equal(events.Count, batch.Staged);
        Assert.Empty(batch.Reported);
        Assert.Equal(events.Count, stored.Single().GetInt64(0));
    }

    private static async Task ExecAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
