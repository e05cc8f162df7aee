using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Offline.Usage;

/// <summary>
/// What learn.microsoft.com ("Create indexed views") and the partition-alignment rules (bb964715; errors 11400-11405)
/// require of the hourly rollup, read from the view's T-SQL: COUNT_BIG(*) with GROUP BY; no MIN, MAX, AVG, COUNT,
/// STDEV, VAR, CHECKSUM_AGG or STRING_AGG; no outer join; SUM only over a NOT NULL column or ISNULL(...); no DATETRUNC; and the
/// partitioning column selected and grouped directly, not as an expression over it.
/// </summary>
public static class IndexedViewShape
{
    private static readonly string[] Disallowed = ["MIN", "MAX", "AVG", "COUNT", "STDEV", "STDEVP", "VAR", "VARP", "CHECKSUM_AGG", "STRING_AGG", "DATETRUNC", "DATE_BUCKET"];

    public static IReadOnlyList<string> Problems(string viewScript, IReadOnlyCollection<string> nullableColumns, string partitionColumn = "HourBucket")
    {
        var (fragment, errors) = SqlScripts.Parse(viewScript);
        if (errors.Count > 0)
        {
            return [$"does not parse: {errors[0].Message}"];
        }

        var problems = new List<string>();
        var query = FindQuery(fragment);
        if (query is null)
        {
            return ["no SELECT found"];
        }

        var visitor = new Visitor(nullableColumns);
        query.Accept(visitor);
        if (!visitor.HasCountBigStar)
        {
            problems.Add("no COUNT_BIG(*)");
        }

        problems.AddRange(visitor.Functions.Where(f => Disallowed.Contains(f, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(f => $"{f.ToUpperInvariant()} is not allowed in an indexed view"));
        if (visitor.OuterJoins > 0)
        {
            problems.Add("outer join is not allowed in an indexed view");
        }

        problems.AddRange(visitor.NullableSums.Distinct().Select(c => $"SUM over a possibly nullable expression {c}; use a NOT NULL column or ISNULL(..., 0)"));

        var selectsDirectly = query.SelectElements.OfType<SelectScalarExpression>()
            .Any(s => s.Expression is ColumnReferenceExpression c && Is(c, partitionColumn));
        if (!selectsDirectly)
        {
            problems.Add($"{partitionColumn} is not selected directly");
        }

        var groupsDirectly = query.GroupByClause?.GroupingSpecifications.OfType<ExpressionGroupingSpecification>()
            .Any(g => g.Expression is ColumnReferenceExpression c && Is(c, partitionColumn)) ?? false;
        if (!groupsDirectly)
        {
            problems.Add($"{partitionColumn} is not a GROUP BY column");
        }

        return problems;
    }

    private static QuerySpecification? FindQuery(TSqlFragment fragment)
    {
        var finder = new QueryFinder();
        fragment.Accept(finder);
        return finder.Query;
    }

    private static bool Is(ColumnReferenceExpression column, string name) =>
        string.Equals(column.MultiPartIdentifier.Identifiers[^1].Value, name, StringComparison.OrdinalIgnoreCase);

    private sealed class QueryFinder : TSqlFragmentVisitor
    {
        public QuerySpecification? Query { get; private set; }

        public override void Visit(QuerySpecification node) => Query ??= node;
    }

    private sealed class Visitor(IReadOnlyCollection<string> nullableColumns) : TSqlFragmentVisitor
    {
        public bool HasCountBigStar { get; private set; }

        public List<string> Functions { get; } = [];

        public List<string> NullableSums { get; } = [];

        public int OuterJoins { get; private set; }

        public override void Visit(FunctionCall node)
        {
            var name = node.FunctionName.Value;
            Functions.Add(name);
            if (string.Equals(name, "COUNT_BIG", StringComparison.OrdinalIgnoreCase) &&
                node.Parameters.Count == 1 && node.Parameters[0] is ColumnReferenceExpression { ColumnType: ColumnType.Wildcard })
            {
                HasCountBigStar = true;
            }

            // A SUM argument must be a NOT NULL column or ISNULL(...) outermost: SQL Server considers most other
            // expressions (CONVERT, CASE, arithmetic) nullable even over NOT NULL columns.
            if (string.Equals(name, "SUM", StringComparison.OrdinalIgnoreCase) && node.Parameters.Count == 1)
            {
                var argument = node.Parameters[0];
                var safe = argument switch
                {
                    ColumnReferenceExpression column => !nullableColumns.Contains(column.MultiPartIdentifier.Identifiers[^1].Value, StringComparer.OrdinalIgnoreCase),
                    FunctionCall call => string.Equals(call.FunctionName.Value, "ISNULL", StringComparison.OrdinalIgnoreCase),
                    _ => false,
                };
                if (!safe)
                {
                    NullableSums.Add(ScriptOf(argument));
                }
            }
        }

        public override void Visit(QualifiedJoin node)
        {
            if (node.QualifiedJoinType is QualifiedJoinType.LeftOuter or QualifiedJoinType.RightOuter or QualifiedJoinType.FullOuter)
            {
                OuterJoins++;
            }
        }
    }

    private static string ScriptOf(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text));
}
