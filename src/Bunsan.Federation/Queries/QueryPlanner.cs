using System.Collections.Immutable;
using System.Text;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Validates a parsed statement (aggregates only; every other item is a GROUP BY expression) and turns it
/// into a <see cref="FederatedQuery"/>: canonical text, columns, outputs, privacy check and fragment.
/// </summary>
internal static class QueryPlanner
{
    public static FederatedQuery Plan(ParsedQuery parsed)
    {
        ImmutableArray<string> keys = [.. parsed.GroupBy.Select(SqlRenderer.Canonical)];
        CheckGroupBy(parsed, keys);
        if (parsed.Items.All(item => item.Aggregate is null))
        {
            throw new SqlRejection("Bunsan answers aggregates only: raw rows never leave a site; add an aggregate such as COUNT(*), SUM(x) or AVG(x)");
        }
        var builder = new FragmentBuilder(parsed.GroupBy);
        var outputs = ImmutableArray.CreateBuilder<OutputColumn>();
        string? privacyProblem = null;
        for (int i = 0; i < parsed.Items.Length; i++)
        {
            SelectItem item = parsed.Items[i];
            if (item.Aggregate is { } aggregate)
            {
                (int count, int sum, int squares, int first) = builder.Add(aggregate);
                outputs.Add(new OutputColumn(item.Alias ?? SqlRenderer.Canonical(aggregate), -1, aggregate, count, sum, squares, first));
                privacyProblem ??= PrivacyProblem(aggregate, i + 1);
                continue;
            }
            string text = SqlRenderer.Canonical(item.Expression!);
            int key = keys.IndexOf(text);
            if (key < 0)
            {
                throw new SqlRejection($"item {i + 1} ({text} at position {item.Position}) is neither an aggregate nor a GROUP BY expression: add it to GROUP BY or aggregate it");
            }
            string name = item.Alias ?? (item.Expression is ColumnExpr column ? column.Name : text);
            outputs.Add(new OutputColumn(name, key, null, -1, -1, -1, -1));
        }
        var columns = new List<string>();
        foreach (SelectItem item in parsed.Items)
        {
            SqlColumns.Collect(item.Aggregate?.Argument ?? item.Expression, columns);
        }
        SqlColumns.Collect(parsed.Where, columns);
        foreach (SqlExpr key in parsed.GroupBy)
        {
            SqlColumns.Collect(key, columns);
        }
        ImmutableArray<string> columnList = [.. columns];
        return new FederatedQuery(
            CanonicalText(parsed),
            parsed.Source,
            parsed.IsFederation,
            columnList,
            outputs.ToImmutable(),
            privacyProblem,
            builder.Build(parsed.Where, columnList));
    }

    private static void CheckGroupBy(ParsedQuery parsed, ImmutableArray<string> keys)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys.IndexOf(keys[i]) != i)
            {
                throw new SqlRejection($"GROUP BY lists {keys[i]} twice (position {parsed.GroupBy[i].Position}): list it once");
            }
            // DuckDB would let GROUP BY y mean the SELECT alias y — or the column y, when the dataset has
            // one. The coordinator cannot tell which, so it asks for the expression itself.
            if (parsed.GroupBy[i] is not ColumnExpr column)
            {
                continue;
            }
            SelectItem? aliased = parsed.Items.FirstOrDefault(item => string.Equals(item.Alias, column.Name, StringComparison.OrdinalIgnoreCase));
            bool sameColumn = aliased?.Expression is ColumnExpr named && string.Equals(named.Name, column.Name, StringComparison.OrdinalIgnoreCase);
            if (aliased is not null && !sameColumn)
            {
                throw new SqlRejection($"GROUP BY {column.Name} (position {column.Position}) names a SELECT alias: repeat the aliased expression in GROUP BY");
            }
        }
    }

    private static string? PrivacyProblem(AggregateCall aggregate, int item)
    {
        if (aggregate.Kind is AggregateKind.CountStar or AggregateKind.Count or AggregateKind.Histogram)
        {
            return null;
        }
        string name = aggregate.Name.ToUpperInvariant();
        if (aggregate.Argument is not ClampExpr clamp)
        {
            return $"{name} (item {item}) has no bound on one row's contribution: wrap its argument in clamp(expr, lo, hi), e.g. {name}(clamp(x, 0, 100))";
        }
        return FragmentBuilder.SumSensitivity(clamp.Bound) is null
            ? $"{name} (item {item}): clamp's bounds are too large for 64-bit fixed-point sums; keep |lo| and |hi| below {long.MaxValue / FixedPoint.Scale}"
            : null;
    }

    private static string CanonicalText(ParsedQuery parsed)
    {
        var text = new StringBuilder("SELECT ");
        for (int i = 0; i < parsed.Items.Length; i++)
        {
            SelectItem item = parsed.Items[i];
            text.Append(i == 0 ? "" : ", ")
                .Append(item.Aggregate is { } aggregate ? SqlRenderer.Canonical(aggregate) : SqlRenderer.Canonical(item.Expression!));
            if (item.Alias is not null)
            {
                text.Append(" AS ").Append(SqlNames.Quote(item.Alias));
            }
        }
        text.Append(" FROM ").Append(parsed.IsFederation ? $"federation({SqlNames.QuoteString(parsed.Source)})" : SqlNames.Quote(parsed.Source));
        if (parsed.Where is not null)
        {
            text.Append(" WHERE ").Append(SqlRenderer.Canonical(parsed.Where));
        }
        if (!parsed.GroupBy.IsEmpty)
        {
            text.Append(" GROUP BY ").Append(string.Join(", ", parsed.GroupBy.Select(SqlRenderer.Canonical)));
        }
        return text.ToString();
    }
}
