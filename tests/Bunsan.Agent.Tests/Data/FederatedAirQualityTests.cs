using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Bunsan.Agent.Data;
using Bunsan.Federation.Queries;
using DuckDB.NET.Data;

namespace Bunsan.Agent.Tests.Data;

/// <summary>
/// Federated answers over 31 real stations at 11 city sites against DuckDB answering the same SQL centrally
/// over the union of the 31 files. Counts and fixed-point sums must be exactly equal; averages, variances and
/// standard deviations equal to 1e-9 relative. The central side reads the CSV files directly, as DuckDB's
/// read_csv(union_by_name) does — the same type detection each site's load used.
/// </summary>
public sealed partial class FederatedAirQualityTests(AirQualitySites sites) : IClassFixture<AirQualitySites>
{
    /// <summary>(SQL, how many leading items are group keys.)</summary>
    public static TheoryData<string, int> Queries => new()
    {
        { "SELECT count(*) AS n, count(NO2_mean) AS c, sum(NO2_mean) AS s, avg(NO2_mean) AS a, var_samp(NO2_mean) AS v, stddev_pop(NO2_mean) AS sd FROM federation('nies-*')", 0 },
        { "SELECT year(date) AS y, count(*), avg(NO2_mean), var_samp(NO2_mean), stddev_samp(NOX_mean), sum(NO_mean) FROM federation('nies-*') GROUP BY year(date)", 1 },
        { "SELECT count(*), count(NO_mean), avg(clamp(NO_mean, 0, 50)), var_pop(clamp(NO_mean, 0, 50)) FROM federation('nies-*') " +
            "WHERE date >= DATE '2015-04-01' AND date < DATE '2017-01-01' AND NO2_mean > 15 AND NOT (NOX_mean BETWEEN 20 AND 30)", 0 },
        { "SELECT CASE WHEN NO2_mean >= 30 THEN 'high' WHEN NO2_mean >= 15 THEN 'mid' WHEN NO2_mean IS NULL THEN 'none' ELSE 'low' END AS level, " +
            "count(*), sum(NOX_mean), avg(NOX_mean), stddev_pop(NOX_mean) FROM federation('nies-*') " +
            "GROUP BY CASE WHEN NO2_mean >= 30 THEN 'high' WHEN NO2_mean >= 15 THEN 'mid' WHEN NO2_mean IS NULL THEN 'none' ELSE 'low' END", 1 },
        { "SELECT year(date), month(date), count(NO2_mean), avg(NO2_mean) FROM federation('nies-*') WHERE dayofweek(date) IN (0, 6) GROUP BY year(date), month(date)", 2 },
        { "SELECT date_trunc('quarter', date) AS q, count(*), var_samp(NO2_mean - NO_mean) FROM federation('nies-*') WHERE year(date) = 2018 GROUP BY date_trunc('quarter', date)", 1 },
        { "SELECT count(*), avg(NO2_mean), stddev_samp(NO2_mean) FROM federation('nies-13*')", 0 },
        { "SELECT count(*), sum(NO2_mean) FROM federation('nies-*') WHERE NO2_mean > 10000", 0 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Combine_FederatedFragments_MatchTheCentralAnswer(string sql, int keys)
    {
        Assert.SkipWhen(sites.SkipReason is not null, sites.SkipReason ?? "");
        FederatedQuery query = FederatedSql.Parse(sql).Query!;

        QueryAnswer answer = QueryCombiner.Combine(query, sites.RunEverywhere(query), 0);

        List<object?[]> central = Central(CentralSql(sql), keys);
        Assert.Equal(central.Count, answer.Rows.Length);
        for (int r = 0; r < central.Count; r++)
        {
            for (int c = 0; c < central[r].Length; c++)
            {
                AssertSame(central[r][c], answer.Rows[r][c], $"{query.OutputNames[c]}, row {r}");
            }
        }
    }

    [Fact]
    public void Combine_FederatedSums_EqualExactDecimalSumsCentrally()
    {
        Assert.SkipWhen(sites.SkipReason is not null, sites.SkipReason ?? "");
        // Each site sums round(x · 10^6) as HUGEINT — exactly CAST(x AS DECIMAL(38,6)) scaled; DuckDB's DECIMAL(38,6)
        // sum is exact integer arithmetic on the same values. So the two must agree to the last digit, not
        // approximately: the data has 3 decimals, so no value is even rounded.
        FederatedQuery query = FederatedSql.Parse(
            "SELECT year(date), sum(NO2_mean), sum(clamp(NOX_mean, 0, 100)) FROM federation('nies-*') WHERE date >= DATE '2012-01-01' GROUP BY year(date)").Query!;

        QueryAnswer answer = QueryCombiner.Combine(query, sites.RunEverywhere(query), 0);

        List<object?[]> central = Central(CentralSql(
            "SELECT year(date), sum(CAST(NO2_mean AS DECIMAL(38,6))), sum(CAST(greatest(0, least(100, NOX_mean)) AS DECIMAL(38,6))) " +
            "FROM federation('nies-*') WHERE date >= DATE '2012-01-01' GROUP BY year(date)"), 1);
        Assert.Equal(7, answer.Rows.Length);
        Assert.Equal(central.Select(r => new object?[] { (long)r[0]!, r[1], r[2] }), answer.Rows.Select(r => r.Select(v => v.Value).ToArray()));
    }

    [Fact]
    public void Combine_FederatedHistogram_MatchesCentralBucketCounts()
    {
        Assert.SkipWhen(sites.SkipReason is not null, sites.SkipReason ?? "");
        FederatedQuery query = FederatedSql.Parse("SELECT year(date), histogram(NO2_mean, 0, 60, 12) FROM federation('nies-*') GROUP BY year(date)").Query!;

        QueryAnswer answer = QueryCombiner.Combine(query, sites.RunEverywhere(query), 0);

        // Central buckets from a different formula (width 5): the same counts unless a value sat within
        // rounding of a boundary, which 3-decimal data cannot.
        List<object?[]> central = Central(CentralSql(
            "SELECT year(date), CASE WHEN NO2_mean < 0 THEN 0 WHEN NO2_mean >= 60 THEN 13 ELSE 1 + CAST(floor(NO2_mean / 5) AS BIGINT) END AS b, count(*) " +
            "FROM federation('nies-*') WHERE NO2_mean IS NOT NULL GROUP BY ALL"), 2);
        foreach (YearHistogram row in answer.Rows.Select(r => new YearHistogram((long)r[0].Value!, (ImmutableArray<HistogramBucket>)r[1].Value!)))
        {
            long[] expected = new long[14];
            foreach (object?[] c in central.Where(c => (long)c[0]! == row.Year))
            {
                expected[(long)c[1]!] = (long)c[2]!;
            }
            Assert.Equal(expected, row.Buckets.Select(b => b.Count));
            Assert.Equal((45m, 50m), (row.Buckets[10].Low!.Value, row.Buckets[10].High!.Value));
        }
        Assert.Equal(8, answer.Rows.Length);
    }

    [Fact]
    public void Combine_MinimumGroupSize_SuppressesExactlyTheSmallGroups()
    {
        Assert.SkipWhen(sites.SkipReason is not null, sites.SkipReason ?? "");
        const string Sql = "SELECT year(date), month(date), count(*) FROM federation('nies-*') WHERE NO2_mean > 45 GROUP BY year(date), month(date)";
        FederatedQuery query = FederatedSql.Parse(Sql).Query!;

        QueryAnswer answer = QueryCombiner.Combine(query, sites.RunEverywhere(query), 20);

        List<object?[]> central = Central(CentralSql(Sql), 2);
        Assert.Equal(central.Count(r => (long)r[2]! < 20), answer.SuppressedGroups);
        Assert.Equal(central.Where(r => (long)r[2]! >= 20).Select(r => r.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))), answer.Rows.Select(r => r.Select(v => (long)v.Value!)));
        Assert.True(answer.SuppressedGroups > 0 && answer.Rows.Length > 0, $"{answer.SuppressedGroups} suppressed, {answer.Rows.Length} kept: the threshold should split the groups");
    }

    [Fact]
    public void Run_OneStation_TakesMilliseconds()
    {
        Assert.SkipWhen(sites.SkipReason is not null, sites.SkipReason ?? "");
        FederatedQuery query = FederatedSql.Parse("SELECT year(date), count(*), avg(NO2_mean), var_samp(NO2_mean), histogram(NO2_mean, 0, 60, 12) FROM \"nies-13108520\" GROUP BY year(date)").Query!;
        SiteDataStore tokyo = sites.Sites.Single(s => s.City == "Tokyo").Store;
        tokyo.Run(query.Fragment, ["nies-13108520"]);

        var watch = Stopwatch.StartNew();
        const int Runs = 20;
        for (int i = 0; i < Runs; i++)
        {
            Assert.True(tokyo.Run(query.Fragment, ["nies-13108520"]).Ok);
        }
        double perRun = watch.Elapsed.TotalMilliseconds / Runs;

        TestContext.Current.TestOutputHelper?.WriteLine($"one fragment over one station (2,920 rows, 8 groups, 18 partials): {perRun:F2} ms; loading 31 stations into 11 sites: {sites.LoadTime.TotalMilliseconds:F0} ms");
        Assert.InRange(perRun, 0, 1000);
    }

    private sealed record YearHistogram(long Year, ImmutableArray<HistogramBucket> Buckets);

    /// <summary>The SQL with federation('pattern') replaced by read_csv over the matching station files.</summary>
    private string CentralSql(string sql) => FederationSource().Replace(sql, match =>
    {
        string pattern = match.Groups[1].Value;
        IEnumerable<string> files = sites.Files.Where(f => DatasetName.Matches(pattern, f.Key)).Select(f => $"'{f.Value}'");
        return $"read_csv([{string.Join(", ", files)}], union_by_name = true, header = true)";
    });

    /// <summary>Central rows ordered as the combiner orders answers: by their first <paramref name="keys"/> values as a group key.</summary>
    private static List<object?[]> Central(string sql, int keys)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using (DuckDBCommand macro = db.CreateCommand())
        {
            macro.CommandText = "CREATE MACRO clamp(x, lo, hi) AS greatest(lo, least(hi, x))";
            macro.ExecuteNonQuery();
        }
        using DuckDBCommand command = db.CreateCommand();
        command.CommandText = sql;
        using DuckDBDataReader reader = command.ExecuteReader();
        var rows = new List<(GroupKey Key, object?[] Row)>();
        while (reader.Read())
        {
            object?[] row = [.. Enumerable.Range(0, reader.FieldCount).Select(i => Key(reader.IsDBNull(i) ? null : reader.GetValue(i)))];
            rows.Add((new GroupKey(row.Take(keys)), row));
        }
        return [.. rows.OrderBy(r => r.Key).Select(r => r.Row)];
    }

    private static object? Key(object? value) => value is double or decimal ? value : DuckDbKeyValues.TryConvert(value, out object? key, out _) ? key : value;

    private static void AssertSame(object? expected, AnswerValue actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual.Kind == AnswerKind.Null, $"{where}: DuckDB says NULL, Bunsan {actual}");
                break;
            case double d when actual.Value is double a:
                Assert.True(Math.Abs(d - a) <= 1e-9 * Math.Abs(d), $"{where}: Bunsan {a:R}, DuckDB {d:R}");
                break;
            case double d when actual.Value is decimal exact:
                // DuckDB summed doubles (last bits inexact); the exact sum is checked against DECIMAL(38,6) elsewhere.
                Assert.True(Math.Abs(d - (double)exact) <= 1e-12 * Math.Abs(d), $"{where}: Bunsan {exact}, DuckDB {d:R}");
                break;
            default:
                Assert.True(Equals(expected, actual.Value), $"{where}: Bunsan {actual} ({actual.Kind}), DuckDB {expected} ({expected.GetType().Name})");
                break;
        }
    }

    [GeneratedRegex(@"federation\('([^']*)'\)")]
    private static partial Regex FederationSource();
}
