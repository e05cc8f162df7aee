using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformDb.Cli.Usage;

/// <summary>What one staged batch came to: how many rows were staged and the duplicates and rejections the mover reported.</summary>
public sealed record StagedBatch(Guid BatchId, int OrganizationId, long Staged, IReadOnlyList<IngestOutcome> Reported)
{
    public int Duplicates => Reported.Count(o => o.Outcome == "duplicate");

    public int Rejected => Reported.Count(o => o.Outcome == "rejected");
}

/// <summary>
/// The C# ingest path of the contract: SqlBulkCopy of one organization's events into <c>usage.UsageEventStaging</c>
/// under a new batch id, then <c>usage.MoveStagedUsageEvents</c>, which validates, prices, deduplicates and moves them.
/// </summary>
public sealed class UsageBulkLoader(SqlConnection connection)
{
    /// <summary>Rows per round trip of SqlBulkCopy (the anchors' 10k-row batches).</summary>
    public const int BatchSize = 10_000;

    /// <summary>
    /// The SqlBulkCopy the loader uses: explicit name mappings for every staged column, streaming, no table lock (other
    /// loaders stage concurrently; the mover reads its batch by BatchId), no constraint checks (staging has none).
    /// </summary>
    public static SqlBulkCopy CreateBulkCopy(SqlConnection connection)
    {
        var bulkCopy = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, externalTransaction: null)
        {
            DestinationTableName = UsageSql.StagingTable,
            BatchSize = BatchSize,
            EnableStreaming = true,
            BulkCopyTimeout = 0,
        };
        foreach (var column in UsageSql.StagingColumns(Guid.Empty))
        {
            bulkCopy.ColumnMappings.Add(column.Name, column.Name);
        }

        return bulkCopy;
    }

    /// <summary>Stages and moves one organization's events as one batch; an event of another organization is a programming error.</summary>
    public async Task<StagedBatch> LoadAsync(int organizationId, IEnumerable<UsageEvent> events, CancellationToken cancellationToken)
    {
        var batchId = Guid.NewGuid();
        var checkedEvents = events.Select(e => e.OrganizationId == organizationId
            ? e
            : throw new ArgumentException($"Event {e.RequestId} belongs to organization {e.OrganizationId}, not {organizationId}.", nameof(events)));
        using (var bulkCopy = CreateBulkCopy(connection))
        await using (var reader = new UsageEventDataReader(checkedEvents, UsageSql.StagingColumns(batchId)))
        {
            await bulkCopy.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
            var staged = reader.RowsRead;
            await using var move = UsageSql.MoveStaged(connection, organizationId, batchId);
            var reported = await UsageSql.ReadOutcomesAsync(move, cancellationToken).ConfigureAwait(false);
            return new StagedBatch(batchId, organizationId, staged, reported);
        }
    }

    /// <summary>
    /// Loads a mixed stream: events are grouped per organization and each group is staged and moved once it holds
    /// <paramref name="eventsPerBatch"/> events (and at the end), so memory stays at organizations × batch size.
    /// </summary>
    public async Task<IReadOnlyList<StagedBatch>> LoadAllAsync(IEnumerable<UsageEvent> events, int eventsPerBatch, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<int, List<UsageEvent>>();
        var batches = new List<StagedBatch>();
        foreach (var e in events)
        {
            if (!pending.TryGetValue(e.OrganizationId, out var list))
            {
                pending[e.OrganizationId] = list = [];
            }

            list.Add(e);
            if (list.Count >= eventsPerBatch)
            {
                batches.Add(await LoadAsync(e.OrganizationId, list, cancellationToken).ConfigureAwait(false));
                pending[e.OrganizationId] = [];
            }
        }

        foreach (var (organizationId, list) in pending.Where(p => p.Value.Count > 0))
        {
            batches.Add(await LoadAsync(organizationId, list, cancellationToken).ConfigureAwait(false));
        }

        return batches;
    }
}
