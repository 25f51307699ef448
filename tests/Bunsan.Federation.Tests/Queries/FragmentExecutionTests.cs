using System.Numerics;
using Bunsan.Federation.Queries;
using DuckDB.NET.Data;

namespace Bunsan.Federation.Tests.Queries;

/// <summary>
/// Runs fragments in a real DuckDB over three "sites" of synthetic rows (NULLs, negatives, integers,
/// DECIMALs, several decimals), sums their partials, combines, and compares with DuckDB running the
/// analyst's SQL over the union of all rows.
/// </summary>
public sealed class FragmentExecutionTests : IDisposable
{
    private static readonly string[][] Sites = [["s1a", "s1b"], ["s2"], ["s3"]];

    private readonly DuckDBConnection _db = new("Data Source=:memory:");

    public FragmentExecutionTests()
    {
        _db.Open();
        Execute("CREATE MACRO clamp(x, lo, hi) AS greatest(lo, least(hi, x))");
        int seed = 0;
        foreach (string table in Sites.SelectMany(s => s))
        {
            // A deterministic spread: i, a value with three decimals (some NULL), a DECIMAL, a category and a date.
            Execute($"""
                CREATE TABLE "{table}" AS SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE ((i * 37 + {seed}) % 1000 - 400) / 8.0 END AS x,
                CAST((i * 13 + {seed}) % 500 AS DECIMAL(10,2)) / 4 AS m, ['n', 's', 'e', 'w'][1 + (i + {seed}) % 4] AS c,
                DATE '2020-01-01' + CAST((i * 3 + {seed}) % 700 AS INTEGER) AS t FROM range({200 + (seed * 50)}) AS r(i)
                """);
            seed++;
        }
    }

    public static TheoryData<string> Queries => new()
    {
        "SELECT count(*), count(x), sum(x), avg(x), var_samp(x), var_pop(x), stddev_samp(x), stddev_pop(x) FROM federation('*')",
        "SELECT c, count(*), sum(m), avg(m), stddev_samp(m) FROM federation('*') GROUP BY c",
        "SELECT year(t) AS y, c, count(x), sum(clamp(x, -20, 20)), var_samp(clamp(x, -20, 20)) FROM federation('*') WHERE x IS NOT NULL AND t < DATE '2021-06-01' GROUP BY year(t), c",
        "SELECT CASE WHEN x < 0 THEN 'neg' WHEN x >= 0 THEN 'pos' END AS sign, count(*), avg(i), var_pop(i) FROM federation('*') GROUP BY CASE WHEN x < 0 THEN 'neg' WHEN x >= 0 THEN 'pos' END",
        "SELECT date_trunc('quarter', t), count(*), sum(i) FROM federation('*') WHERE c IN ('n', 's') OR x BETWEEN -5 AND 5 GROUP BY date_trunc('quarter', t)",
        "SELECT count(*), sum(x) FROM federation('*') WHERE x > 1000",
        "SELECT round(x / 10), count(*) FROM federation('*') WHERE NOT (x IS NULL) GROUP BY round(x / 10)",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Combine_SitePartials_MatchDuckDbOverTheUnion(string sql)
    {
        FederatedQuery query = FederatedSql.Parse(sql).Query!;
        var totals = new Dictionary<GroupKey, Int128[]>();
        foreach (string[] site in Sites)
        {
            foreach ((GroupKey key, Int128[] partials) in Run(query.Fragment.Sql(site), query.Fragment.GroupKeyCount))
            {
                Int128[] sum = totals.TryGetValue(key, out Int128[]? existing) ? existing : totals[key] = new Int128[partials.Length];
                for (int p = 0; p < partials.Length; p++)
                {
                    sum[p] += partials[p];
                }
            }
        }

        QueryAnswer answer = QueryCombiner.Combine(query, [.. totals.Select(t => new GroupTotals(t.Key, [.. t.Value.Select(v => (long)v)]))], 0);

        string union = "(" + string.Join(" UNION ALL BY NAME ", Sites.SelectMany(s => s).Select(t => $"SELECT * FROM \"{t}\"")) + ")";
        List<object?[]> central = Central(sql.Replace("federation('*')", union, StringComparison.Ordinal), query);
        Assert.Equal(central.Count, answer.Rows.Length);
        for (int r = 0; r < central.Count; r++)
        {
            for (int c = 0; c < central[r].Length; c++)
            {
                AssertSame(central[r][c], answer.Rows[r][c], $"{query.OutputNames[c]} in row {r}");
            }
        }
    }

    private static void AssertSame(object? expected, AnswerValue actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual.Kind == AnswerKind.Null, $"{where}: expected NULL, got {actual}");
                break;
            case double d when actual.Value is double a:
                Assert.True(Math.Abs(d - a) <= 1e-9 * Math.Max(1, Math.Abs(d)), $"{where}: {a} vs DuckDB {d}");
                break;
            case double d when actual.Value is decimal exact:
                // DuckDB summed doubles; the exact decimal sum may differ from it in the last bits only.
                Assert.True(Math.Abs(d - (double)exact) <= 1e-12 * Math.Max(1, Math.Abs(d)), $"{where}: {exact} vs DuckDB {d}");
                break;
            case BigInteger big:
                Assert.Equal((decimal)big, Convert.ToDecimal(actual.Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                Assert.True(Equals(Normalize(expected), actual.Value), $"{where}: {actual} vs DuckDB {expected}");
                break;
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
        _ => value,
    };

    private List<(GroupKey Key, Int128[] Partials)> Run(string sql, int keys)
    {
        using DuckDBCommand command = _db.CreateCommand();
        command.CommandText = sql;
        using DuckDBDataReader reader = command.ExecuteReader();
        var groups = new List<(GroupKey, Int128[])>();
        while (reader.Read())
        {
            GroupKey key = new(Enumerable.Range(0, keys).Select(i => Normalize(reader.IsDBNull(i) ? null : reader.GetValue(i))));
            Int128[] partials = [.. Enumerable.Range(keys, reader.FieldCount - keys).Select(i => reader.GetValue(i) switch
            {
                long l => (Int128)l,
                BigInteger b => (Int128)b,
                var other => throw new InvalidOperationException($"partial {i} is a {other.GetType().Name}"),
            })];
            groups.Add((key, partials));
        }
        return groups;
    }

    /// <summary>The central rows, ordered as the combiner orders them: by the group-key values.</summary>
    private List<object?[]> Central(string sql, FederatedQuery query)
    {
        using DuckDBCommand command = _db.CreateCommand();
        command.CommandText = sql;
        using DuckDBDataReader reader = command.ExecuteReader();
        var rows = new List<(GroupKey, object?[])>();
        int[] keyColumns = [.. query.Outputs.Select((o, i) => (o, i)).Where(p => p.o.KeyIndex >= 0).OrderBy(p => p.o.KeyIndex).Select(p => p.i)];
        while (reader.Read())
        {
            object?[] row = [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))];
            rows.Add((new GroupKey(keyColumns.Select(i => Normalize(row[i]))), row));
        }
        return [.. rows.OrderBy(r => r.Item1).Select(r => r.Item2)];
    }

    private void Execute(string sql)
    {
        using DuckDBCommand command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
