using System.Collections.Immutable;
using System.Numerics;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Lays out a query's fragment. The site SQL has two levels:
/// <code>
/// SELECT "k0".., partials AS "p0".. FROM (
///   SELECT key AS "k0".., argument AS "a0".., fixed-point argument AS "f0".., histogram bucket index AS "h0"..
///   FROM (union of the site's tables) AS "d" WHERE ...) AS "r"
/// GROUP BY "k0"..
/// </code>
/// The inner level evaluates each distinct expression once per row; the outer only counts and sums.
/// Identical partials (AVG(x) and SUM(x) both need Σx) are computed, and privacy-charged, once.
/// </summary>
internal sealed class FragmentBuilder
{
    private readonly List<string> _inner = [];
    private readonly Dictionary<string, int> _arguments = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _fixedPoint = [];
    private readonly Dictionary<string, int> _histograms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _partialBySql = new(StringComparer.Ordinal);
    private readonly List<(PartialKind Kind, string Sql, string Name, long? Sensitivity, int Statistic)> _partials = [];
    private readonly int _keyCount;
    private int _statistics;

    public FragmentBuilder(IReadOnlyList<SqlExpr> keys)
    {
        _keyCount = keys.Count;
        for (int i = 0; i < keys.Count; i++)
        {
            _inner.Add($"{SqlRenderer.Fragment(keys[i])} AS \"k{i}\"");
        }
        AddPartial(PartialKind.RowCount, "count(*)", "count(*)", 1, statistic: null);
    }

    public int PartialCount => _partials.Count;

    /// <summary>The partials one aggregate reads, added if new: (count, sum, sum of squares, first histogram bucket), −1 where unused.</summary>
    public (int Count, int Sum, int Squares, int FirstBucket) Add(AggregateCall aggregate)
    {
        if (aggregate.Kind == AggregateKind.CountStar)
        {
            return (0, -1, -1, -1);
        }
        SqlExpr argument = aggregate.Argument!;
        string canonical = SqlRenderer.Canonical(argument);
        if (aggregate.Histogram is { } histogram)
        {
            return (-1, -1, -1, AddHistogram(SqlRenderer.Fragment(argument), canonical, histogram));
        }
        int a = ArgumentColumn(argument);
        int count = AddPartial(PartialKind.Count, $"count(\"a{a}\")", $"count({canonical})", 1, statistic: null);
        if (!aggregate.NeedsSum)
        {
            return (count, -1, -1, -1);
        }
        string f = FixedPointColumn(a, argument);
        decimal? bound = (argument as ClampExpr)?.Bound;
        long? sumSensitivity = SumSensitivity(bound);
        int sum = AddPartial(PartialKind.Sum, $"COALESCE(sum({f}), 0)", $"sum({canonical}) × 10^6", sumSensitivity, statistic: null);
        if (!aggregate.NeedsSquares)
        {
            return (count, sum, -1, -1);
        }
        long? squareSensitivity = sumSensitivity is { } s ? Fit((((BigInteger)s * s) + FixedPoint.Scale - 1) / FixedPoint.Scale) : null;
        int squares = AddPartial(PartialKind.SumOfSquares, $"COALESCE(sum({FixedPoint.SquareSql(f)}), 0)", $"sum({canonical}²) × 10^6", squareSensitivity, statistic: null);
        return (count, sum, squares, -1);
    }

    /// <summary>ceil(bound · 10^6): no rounded value round(x · 10^6) with |x| ≤ bound exceeds it; null when unbounded or past 64 bits.</summary>
    public static long? SumSensitivity(decimal? bound) =>
        bound is { } b && b <= long.MaxValue / FixedPoint.Scale ? (long)decimal.Ceiling(b * FixedPoint.Scale) : null;

    public FragmentPlan Build(SqlExpr? where, ImmutableArray<string> columns)
    {
        IEnumerable<string> keys = Enumerable.Range(0, _keyCount).Select(i => $"\"k{i}\"");
        string outer = string.Join(", ", keys.Concat(_partials.Select((p, i) => $"{p.Sql} AS \"p{i}\"")));
        // A fragment with no keys and only COUNT(*) projects nothing per row; DuckDB needs one column.
        string inner = _inner.Count == 0 ? "1 AS \"one\"" : string.Join(", ", _inner);
        string whereSql = where is null ? "" : " WHERE " + SqlRenderer.Fragment(where);
        string groupBy = _keyCount == 0 ? "" : " GROUP BY " + string.Join(", ", keys);
        return new FragmentPlan(
            _keyCount,
            [.. _partials.Select(p => p.Kind)],
            [.. _partials.Select(p => p.Name)],
            [.. _partials.Select(p => p.Sensitivity)],
            [.. _partials.Select(p => p.Statistic)],
            columns,
            $"SELECT {outer} FROM (SELECT {inner} FROM (",
            $") AS \"d\"{whereSql}) AS \"r\"{groupBy}");
    }

    private int ArgumentColumn(SqlExpr argument)
    {
        string sql = SqlRenderer.Fragment(argument);
        if (!_arguments.TryGetValue(sql, out int a))
        {
            a = _arguments.Count;
            _arguments.Add(sql, a);
            _inner.Add($"{sql} AS \"a{a}\"");
        }
        return a;
    }

    private string FixedPointColumn(int a, SqlExpr argument)
    {
        if (!_fixedPoint.TryGetValue(a, out string? column))
        {
            column = $"\"f{a}\"";
            _fixedPoint.Add(a, column);
            _inner.Add($"{FixedPoint.ToFixedSql(SqlRenderer.Fragment(argument))} AS {column}");
        }
        return column;
    }

    private int AddHistogram(string x, string canonical, HistogramSpec spec)
    {
        string key = $"{spec.Low.Text}|{spec.High.Text}|{spec.Buckets}|{x}";
        if (_histograms.TryGetValue(key, out int first))
        {
            return first;
        }
        int h = _histograms.Count;
        string lo = spec.Low.Sql, hi = spec.High.Sql;
        int n = spec.Buckets;
        // One index per row: 0 below lo, n + 1 at or above hi, else 1 + floor((x − lo) · n / (hi − lo)), held
        // inside 1..n so floating-point rounding can never put a row in no bucket or in two.
        _inner.Add($"CASE WHEN {x} IS NULL THEN NULL WHEN {x} < {lo} THEN 0 WHEN {x} >= {hi} THEN {n + 1} " +
            $"ELSE 1 + least({n - 1}, greatest(0, CAST(floor(((CAST({x} AS DOUBLE) - {lo}) * {n}) / ({hi} - {lo})) AS BIGINT))) END AS \"h{h}\"");
        int statistic = _statistics++;
        first = _partials.Count;
        for (int bucket = 0; bucket <= n + 1; bucket++)
        {
            string label = bucket == 0 ? "below" : bucket == n + 1 ? "above" : $"bucket {bucket}";
            AddPartial(PartialKind.HistogramBucket, $"count(*) FILTER (WHERE \"h{h}\" = {bucket})",
                $"histogram({canonical}, {spec.Low.Text}, {spec.High.Text}, {n}) {label}", 1, statistic);
        }
        _histograms.Add(key, first);
        return first;
    }

    private int AddPartial(PartialKind kind, string sql, string name, long? sensitivity, int? statistic)
    {
        if (_partialBySql.TryGetValue(sql, out int existing))
        {
            return existing;
        }
        if (_partials.Count == FragmentPlan.MaxPartials)
        {
            throw new SqlRejection($"the query needs more than {FragmentPlan.MaxPartials} partials: use fewer histogram buckets or fewer aggregates");
        }
        _partials.Add((kind, sql, name, sensitivity, statistic ?? _statistics++));
        _partialBySql.Add(sql, _partials.Count - 1);
        return _partials.Count - 1;
    }

    private static long? Fit(BigInteger value) => value <= long.MaxValue ? (long)value : null;
}
