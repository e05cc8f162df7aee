using Microsoft.SqlServer.Dac.Model;
using Index = Microsoft.SqlServer.Dac.Model.Index;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>
/// Partitioning rules that DacFx does not check (notes README, consequence 7): every index of a partitioned table or of
/// an indexed view over it sits on the table's partition scheme and column, and every unique key holds that column
/// (SQL Server error 1908 otherwise, or an unaligned index that blocks SWITCH). One line per violation.
/// </summary>
public static class PartitionRules
{
    /// <summary>Indexes, primary keys and unique constraints of partitioned tables and of views over them.</summary>
    public static IEnumerable<string> UnalignedIndexes(TSqlModel model)
    {
        foreach (var (host, scheme, column) in PartitionedHosts(model))
        {
            foreach (var index in IndexesOf(host))
            {
                var indexScheme = index.Object.GetReferenced(index.SchemeRelationship).FirstOrDefault()?.Name.Parts[^1];
                var indexColumn = index.Object.GetReferenced(index.ColumnRelationship).FirstOrDefault()?.Name.Parts[^1];
                if (!Same(indexScheme, scheme) || !Same(indexColumn, column))
                {
                    yield return $"{NameOf(host)}: {index.Name} is on {indexScheme ?? "no scheme"}({indexColumn}), not {scheme}({column})";
                }
            }
        }
    }

    /// <summary>Every unique index, primary key and unique constraint on a partitioned host holds the partitioning column.</summary>
    public static IEnumerable<string> UniqueKeysWithoutPartitionColumn(TSqlModel model)
    {
        foreach (var (host, _, column) in PartitionedHosts(model))
        {
            foreach (var index in IndexesOf(host).Where(i => i.Unique))
            {
                if (!index.Columns.Any(c => Same(c, column)))
                {
                    yield return $"{NameOf(host)}: unique {index.Name} ({string.Join(", ", index.Columns)}) does not hold the partitioning column {column} (error 1908)";
                }
            }
        }
    }

    /// <summary>
    /// Tables on a partition scheme, and views whose clustered index is on one or that select from such a table (so an
    /// unpartitioned index on a view over a partitioned table is caught too).
    /// </summary>
    public static IEnumerable<(TSqlObject Host, string Scheme, string Column)> PartitionedHosts(TSqlModel model)
    {
        var tables = new List<(TSqlObject, string, string)>();
        foreach (var table in model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass))
        {
            var pk = table.GetReferencing(PrimaryKeyConstraint.Host).FirstOrDefault(p => p.GetProperty<bool>(PrimaryKeyConstraint.Clustered));
            var clustered = table.GetReferencing(Index.IndexedObject).FirstOrDefault(i => i.GetProperty<bool>(Index.Clustered));
            var scheme = table.GetReferenced(Table.PartitionScheme).FirstOrDefault()
                         ?? pk?.GetReferenced(PrimaryKeyConstraint.PartitionScheme).FirstOrDefault()
                         ?? clustered?.GetReferenced(Index.PartitionScheme).FirstOrDefault();
            var column = table.GetReferenced(Table.PartitionColumn).FirstOrDefault()
                         ?? pk?.GetReferenced(PrimaryKeyConstraint.PartitionColumn).FirstOrDefault()
                         ?? clustered?.GetReferenced(Index.PartitionColumn).FirstOrDefault();
            if (scheme is not null && column is not null)
            {
                tables.Add((table, scheme.Name.Parts[^1], column.Name.Parts[^1]));
            }
        }

        foreach (var table in tables)
        {
            yield return table;
        }

        foreach (var view in model.GetObjects(DacQueryScopes.UserDefined, View.TypeClass))
        {
            var indexes = view.GetReferencing(Index.IndexedObject).ToList();
            if (indexes.Count == 0)
            {
                continue;
            }

            var source = tables.FirstOrDefault(t => view.GetReferenced().Any(r => Same(NameOf(r), NameOf(t.Item1))));
            if (source.Item1 is not null)
            {
                yield return (view, source.Item2, source.Item3);
            }
        }
    }

    public static string NameOf(TSqlObject obj) => string.Join('.', obj.Name.Parts.Take(2));

    private static IEnumerable<IndexLike> IndexesOf(TSqlObject host)
    {
        foreach (var pk in host.GetReferencing(PrimaryKeyConstraint.Host))
        {
            yield return new IndexLike(pk, Last(pk), true, Columns(pk, PrimaryKeyConstraint.Columns), PrimaryKeyConstraint.PartitionScheme, PrimaryKeyConstraint.PartitionColumn);
        }

        foreach (var uq in host.GetReferencing(UniqueConstraint.Host))
        {
            yield return new IndexLike(uq, Last(uq), true, Columns(uq, UniqueConstraint.Columns), UniqueConstraint.PartitionScheme, UniqueConstraint.PartitionColumn);
        }

        foreach (var ix in host.GetReferencing(Index.IndexedObject))
        {
            yield return new IndexLike(ix, Last(ix), ix.GetProperty<bool>(Index.Unique), Columns(ix, Index.Columns), Index.PartitionScheme, Index.PartitionColumn);
        }
    }

    private static string Last(TSqlObject obj) => obj.Name.HasName ? obj.Name.Parts[^1] : "(unnamed)";

    private static List<string> Columns(TSqlObject owner, ModelRelationshipClass relationship) =>
        owner.GetReferenced(relationship).Select(c => c.Name.Parts[^1]).ToList();

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed record IndexLike(
        TSqlObject Object, string Name, bool Unique, IReadOnlyList<string> Columns,
        ModelRelationshipClass SchemeRelationship, ModelRelationshipClass ColumnRelationship);
}
