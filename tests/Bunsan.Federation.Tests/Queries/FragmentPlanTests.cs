using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class FragmentPlanTests
{
    private static FragmentPlan Plan(string sql) => FederatedSql.Parse(sql).Query!.Fragment;

    [Fact]
    public void Sql_CountStarOverOneTable_CountsRows()
    {
        Assert.Equal(
            "SELECT count(*) AS \"p0\" FROM (SELECT 1 AS \"one\" FROM (SELECT * FROM \"ds_a\") AS \"d\") AS \"r\"",
            Plan("SELECT count(*) FROM a").Sql(["ds_a"]));
    }

    [Fact]
    public void Sql_GroupedMoments_ProjectsKeysArgumentsAndFixedPoint()
    {
        FragmentPlan plan = Plan("SELECT year(date) AS y, avg(clamp(x, 0, 50)), var_samp(clamp(x, 0, 50)) FROM federation('*') WHERE date >= DATE '2015-01-01' GROUP BY year(date)");

        Assert.Equal(
            "SELECT \"k0\", count(*) AS \"p0\", count(\"a0\") AS \"p1\", COALESCE(sum(\"f0\"), 0) AS \"p2\", " +
            $"COALESCE(sum({FixedPoint.SquareSql("\"f0\"")}), 0) AS \"p3\" " +
            "FROM (SELECT year(\"date\") AS \"k0\", greatest(0, least(50, \"x\")) AS \"a0\", " +
            $"{FixedPoint.ToFixedSql("greatest(0, least(50, \"x\"))")} AS \"f0\" " +
            "FROM (SELECT * FROM \"ds_a\" UNION ALL BY NAME SELECT * FROM \"ds_b\") AS \"d\" WHERE (\"date\" >= DATE '2015-01-01')) AS \"r\" GROUP BY \"k0\"",
            plan.Sql(["ds_a", "ds_b"]));
        Assert.Equal(1, plan.GroupKeyCount);
        Assert.Equal(4, plan.PartialCount);
        Assert.Equal([PartialKind.RowCount, PartialKind.Count, PartialKind.Sum, PartialKind.SumOfSquares], plan.PartialKinds);
        Assert.Equal(["date", "x"], plan.Columns);
    }

    [Fact]
    public void Sql_Histogram_IndexesEachRowIntoOneBucket()
    {
        FragmentPlan plan = Plan("SELECT histogram(x, -10, 50, 3) FROM a");

        Assert.Equal(
            "SELECT count(*) AS \"p0\", count(*) FILTER (WHERE \"h0\" = 0) AS \"p1\", count(*) FILTER (WHERE \"h0\" = 1) AS \"p2\", " +
            "count(*) FILTER (WHERE \"h0\" = 2) AS \"p3\", count(*) FILTER (WHERE \"h0\" = 3) AS \"p4\", count(*) FILTER (WHERE \"h0\" = 4) AS \"p5\" " +
            "FROM (SELECT CASE WHEN \"x\" IS NULL THEN NULL WHEN \"x\" < (-10) THEN 0 WHEN \"x\" >= 50 THEN 4 " +
            "ELSE 1 + least(2, greatest(0, CAST(floor(((CAST(\"x\" AS DOUBLE) - (-10)) * 3) / (50 - (-10))) AS BIGINT))) END AS \"h0\" " +
            "FROM (SELECT * FROM \"t\") AS \"d\") AS \"r\"",
            plan.Sql(["t"]));
    }

    [Fact]
    public void Partials_SharedBetweenAggregates_AreComputedOnce()
    {
        FragmentPlan plan = Plan("SELECT count(*), count(x), sum(x), avg(x), var_pop(x), stddev_samp(x) FROM a");

        Assert.Equal(["count(*)", "count(\"x\")", "sum(\"x\") × 10^6", "sum(\"x\"²) × 10^6"], plan.PartialNames);
    }

    [Fact]
    public void Sensitivities_ClampedSums_AreBoundTimesScale()
    {
        FragmentPlan plan = Plan("SELECT count(x), var_samp(clamp(x, -2.5, 1)), sum(y) FROM a");

        // count(*), count(x), count(clamp), Σclamp: 2.5·10^6, Σclamp²: 6.25·10^6, count(y), Σy: unbounded.
        Assert.Equal([1L, 1L, 1L, 2_500_000L, 6_250_000L, 1L, null], plan.Sensitivities);
    }

    [Fact]
    public void StatisticOf_HistogramBuckets_ShareOneStatistic()
    {
        FragmentPlan plan = Plan("SELECT sum(clamp(x, 0, 1)), histogram(x, 0, 1, 2), count(y) FROM a");

        // count(*) | count(clamp) | Σclamp | 4 buckets | count(y)
        Assert.Equal([0, 1, 2, 3, 3, 3, 3, 4], plan.StatisticOf);
        Assert.Equal(5, plan.StatisticCount);
        Assert.All(plan.Sensitivities.Skip(3).Take(4), s => Assert.Equal(1L, s));
    }

    [Fact]
    public void Sql_Clamp_RunsAsGreatestLeastAndNeverAsClamp()
    {
        string sql = Plan("SELECT sum(clamp(x * 2, 0, 9)) FROM a").Sql(["t"]);

        Assert.Contains("greatest(0, least(9, (\"x\" * 2)))", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("clamp", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_HostileLiterals_StayInsideQuotes()
    {
        string sql = Plan("SELECT count(*) FROM a WHERE s = 'x''); SELECT * FROM read_csv(''/etc/passwd'') --'").Sql(["t"]);

        Assert.Contains("WHERE (\"s\" = 'x''); SELECT * FROM read_csv(''/etc/passwd'') --')", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad\"name")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("x;y")]
    public void Sql_InvalidTableName_Throws(string table)
    {
        Assert.Throws<ArgumentException>(() => Plan("SELECT count(*) FROM a").Sql([table]));
    }

    [Fact]
    public void Sql_NoOrRepeatedTables_Throws()
    {
        FragmentPlan plan = Plan("SELECT count(*) FROM a");

        Assert.Throws<ArgumentException>(() => plan.Sql([]));
        Assert.Throws<ArgumentException>(() => plan.Sql(["t", "T"]));
    }
}
