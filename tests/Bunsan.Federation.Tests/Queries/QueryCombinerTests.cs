using System.Collections.Immutable;
using System.Numerics;
using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class QueryCombinerTests
{
    private const string Moments = "SELECT count(*), count(x), sum(x), avg(x), var_samp(x), var_pop(x), stddev_samp(x), stddev_pop(x) FROM d";

    private static FederatedQuery Query(string sql) => FederatedSql.Parse(sql).Query!;

    /// <summary>Partials of <see cref="Moments"/>: count(*), count(x), Σx·10^6, Σx²·10^6.</summary>
    private static GroupTotals Totals(long rows, long n, long sum, long squares) => new(GroupKey.Empty, [rows, n, sum, squares]);

    private static object?[] Row(QueryAnswer answer, int row = 0) => [.. answer.Rows[row].Select(v => v.Value)];

    [Fact]
    public void Combine_ThreeValues_GivesExactSumAndMoments()
    {
        // x = 1.5, 2.5, 4: Σx = 8, Σx² = 24.5.
        QueryAnswer answer = QueryCombiner.Combine(Query(Moments), [Totals(4, 3, 8_000_000, 24_500_000)], 0);

        object?[] row = Row(answer);
        Assert.Equal(4L, row[0]);
        Assert.Equal(3L, row[1]);
        Assert.Equal(8m, row[2]);
        Assert.Equal(8.0 / 3, (double)row[3]!, 15);
        Assert.Equal((24.5 - (64.0 / 3)) / 2, (double)row[4]!, 14);
        Assert.Equal((24.5 - (64.0 / 3)) / 3, (double)row[5]!, 14);
        Assert.Equal(Math.Sqrt((24.5 - (64.0 / 3)) / 2), (double)row[6]!, 14);
        Assert.Equal(Math.Sqrt((24.5 - (64.0 / 3)) / 3), (double)row[7]!, 14);
        Assert.Equal(["count(*)", "count(\"x\")", "sum(\"x\")", "avg(\"x\")", "var_samp(\"x\")", "var_pop(\"x\")", "stddev_samp(\"x\")", "stddev_pop(\"x\")"], answer.Columns);
    }

    [Fact]
    public void Combine_NoGroupsWithoutGroupBy_AnswersOneRowAsSqlDoes()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query(Moments), [], 0);

        Assert.Equal([0L, 0L, null, null, null, null, null, null], Row(answer));
        Assert.Equal(0, answer.SuppressedGroups);
    }

    [Fact]
    public void Combine_OneValue_HasPopulationButNoSampleVariance()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query(Moments), [Totals(1, 1, 2_000_000, 4_000_000)], 0);

        Assert.Equal([1L, 1L, 2m, 2.0, null, 0.0, null, 0.0], Row(answer));
    }

    [Fact]
    public void Combine_OnlyNullInputs_SumIsNull()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query(Moments), [Totals(5, 0, 0, 0)], 0);

        Assert.Equal([5L, 0L, null, null, null, null, null, null], Row(answer));
    }

    [Fact]
    public void Combine_NoisyTotals_ClampCountsAndVariance()
    {
        // Noise made count(x) negative, and Σx² smaller than (Σx)²/n allows.
        QueryAnswer negative = QueryCombiner.Combine(Query(Moments), [Totals(3, -2, 5, 7)], 0);
        QueryAnswer inconsistent = QueryCombiner.Combine(Query(Moments), [Totals(10, 10, 100_000_000, 1)], 0);

        Assert.Equal([3L, 0L, null, null, null, null, null, null], Row(negative));
        Assert.Equal(0.0, Row(inconsistent)[4]);
        Assert.Equal(0.0, Row(inconsistent)[7]);
    }

    [Fact]
    public void Combine_LargeTotals_KeepSumExact()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query("SELECT sum(x), avg(x) FROM d"), [new GroupTotals(GroupKey.Empty, [3, 3, long.MaxValue])], 0);

        Assert.Equal(9_223_372_036_854.775807m, Row(answer)[0]);
        Assert.Equal((double)(9_223_372_036_854.775807m / 3), Row(answer)[1]);
    }

    [Fact]
    public void Combine_SmallGroups_AreSuppressedAndCounted()
    {
        FederatedQuery query = Query("SELECT city, count(*) AS n FROM d GROUP BY city");
        GroupTotals[] groups =
        [
            new(new GroupKey(["osaka"]), [12]),
            new(new GroupKey(["naha"]), [2]),
            new(new GroupKey(["tokyo"]), [10]),
            new(new GroupKey([null]), [9]),
        ];

        QueryAnswer answer = QueryCombiner.Combine(query, groups, 10);

        Assert.Equal(2, answer.SuppressedGroups);
        Assert.Equal([["osaka", 12L], ["tokyo", 10L]], answer.Rows.Select(r => r.Select(v => v.Value).ToArray()).ToArray());
    }

    [Fact]
    public void Combine_NegativeRowCount_IsSuppressedEvenWithoutMinimum()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query(Moments), [Totals(-3, -2, 5, 7)], 0);

        Assert.Empty(answer.Rows);
        Assert.Equal(1, answer.SuppressedGroups);
    }

    [Fact]
    public void Combine_SmallGroupWithoutGroupBy_IsSuppressedToo()
    {
        QueryAnswer answer = QueryCombiner.Combine(Query("SELECT count(*) FROM d"), [new GroupTotals(GroupKey.Empty, [3])], 5);

        Assert.Empty(answer.Rows);
        Assert.Equal(1, answer.SuppressedGroups);
    }

    [Fact]
    public void Combine_Groups_ComeBackOrderedByKeyWithKeyColumnsWhereSelected()
    {
        FederatedQuery query = Query("SELECT count(*), year(t), m FROM d GROUP BY m, year(t)");
        GroupTotals[] groups =
        [
            new(new GroupKey(["b", 2012L]), [1]),
            new(new GroupKey(["a", 2013L]), [2]),
            new(new GroupKey(["a", 2011L]), [3]),
        ];

        QueryAnswer answer = QueryCombiner.Combine(query, groups, 0);

        Assert.Equal([[3L, 2011L, "a"], [2L, 2013L, "a"], [1L, 2012L, "b"]], answer.Rows.Select(r => r.Select(v => v.Value).ToArray()).ToArray());
        Assert.Equal(AnswerKind.WholeNumber, answer.Rows[0][1].Kind);
        Assert.Equal(AnswerKind.Text, answer.Rows[0][2].Kind);
    }

    [Fact]
    public void Combine_Histogram_GivesBucketRangesAndCounts()
    {
        FederatedQuery query = Query("SELECT histogram(x, 0, 1, 3) AS h FROM d");

        QueryAnswer answer = QueryCombiner.Combine(query, [new GroupTotals(GroupKey.Empty, [10, 1, 2, -1, 4, 0])], 0);

        var buckets = (ImmutableArray<HistogramBucket>)answer.Rows[0][0].Value!;
        Assert.Equal(AnswerKind.Histogram, answer.Rows[0][0].Kind);
        Assert.Equal(new HistogramBucket(null, 0m, 1), buckets[0]);
        Assert.Equal(new HistogramBucket(0m, 1m / 3, 2), buckets[1]);
        Assert.Equal(new HistogramBucket(1m / 3, 2 * (1m / 3), 0), buckets[2]);
        Assert.Equal(new HistogramBucket(2 * (1m / 3), 1m, 4), buckets[3]);
        Assert.Equal(new HistogramBucket(1m, null, 0), buckets[4]);
    }

    [Fact]
    public void Combine_WrongShapeOrRepeatedGroup_Throws()
    {
        FederatedQuery query = Query("SELECT k, count(*) FROM d GROUP BY k");

        Assert.Throws<ArgumentException>(() => QueryCombiner.Combine(query, [new GroupTotals(GroupKey.Empty, [1])], 0));
        Assert.Throws<ArgumentException>(() => QueryCombiner.Combine(query, [new GroupTotals(new GroupKey([1L]), [1, 2])], 0));
        Assert.Throws<ArgumentException>(() => QueryCombiner.Combine(query, [new GroupTotals(new GroupKey([1L]), [1]), new GroupTotals(new GroupKey([1L]), [2])], 0));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(-2, 7)]
    [InlineData(123456789, 1000)]
    [InlineData(long.MaxValue, 7)]
    [InlineData(1, 1_000_000_000_000_000_000)]
    public void ToDouble_SmallRationals_AreCorrectlyRounded(long numerator, long denominator)
    {
        Assert.Equal((double)numerator / denominator, ExactMoments.ToDouble(numerator, denominator));
    }

    [Fact]
    public void ToDouble_HugeRational_KeepsFullPrecision()
    {
        BigInteger numerator = BigInteger.Pow(10, 40) + 1;
        BigInteger denominator = BigInteger.Pow(10, 20) * 3;

        Assert.Equal(1e20 / 3, ExactMoments.ToDouble(numerator, denominator), 1e5);
    }
}
