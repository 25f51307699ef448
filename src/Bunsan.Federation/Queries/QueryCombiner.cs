using System.Collections.Immutable;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Turns the per-group totals of a query's partials (summed over sites) into its answer, as DuckDB would
/// answer the same query over the union of the data:
/// COUNT exact; SUM an exact decimal (total / 10^6), NULL when no non-NULL input; AVG NULL over no input;
/// VAR_SAMP/STDDEV_SAMP NULL under two inputs, VAR_POP/STDDEV_POP NULL over none; HISTOGRAM buckets.
/// A query without GROUP BY always has its one group (the empty key), even when no site had rows.
/// <para>
/// Totals may carry differential-privacy noise, so: counts below 0 answer 0; a count total of 0 or less
/// means "no input" (NULL); a negative variance numerator becomes 0. Groups whose COUNT(*) total is below
/// minGroupSize are withheld and only counted, in <see cref="QueryAnswer.SuppressedGroups"/> — the empty-key
/// group too. Rows are ordered by group key.
/// </para>
/// </summary>
public static class QueryCombiner
{
    public static QueryAnswer Combine(FederatedQuery query, IReadOnlyList<GroupTotals> groups, int minGroupSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(groups);
        FragmentPlan plan = query.Fragment;
        var seen = new HashSet<GroupKey>();
        foreach (GroupTotals group in groups)
        {
            if (group.Key.Count != plan.GroupKeyCount || group.Totals.Length != plan.PartialCount)
            {
                throw new ArgumentException($"group {group.Key} has {group.Key.Count} key values and {group.Totals.Length} totals; the query has {plan.GroupKeyCount} and {plan.PartialCount}", nameof(groups));
            }
            if (!seen.Add(group.Key))
            {
                throw new ArgumentException($"group {group.Key} is listed twice: sum its totals first", nameof(groups));
            }
        }
        IEnumerable<GroupTotals> all = groups;
        if (plan.GroupKeyCount == 0 && groups.Count == 0)
        {
            all = [new GroupTotals(GroupKey.Empty, new long[plan.PartialCount])];
        }
        int suppressed = 0;
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<AnswerValue>>();
        foreach (GroupTotals group in all.OrderBy(g => g.Key))
        {
            if (group.Totals[plan.RowCountPartial] < minGroupSize)
            {
                suppressed++;
                continue;
            }
            rows.Add([.. query.Outputs.Select(output => Cell(output, group))]);
        }
        return new QueryAnswer(query.OutputNames, rows.ToImmutable(), suppressed);
    }

    private static AnswerValue Cell(OutputColumn output, GroupTotals group)
    {
        if (output.Aggregate is not { } aggregate)
        {
            return AnswerValue.OfKey(group.Key.Values[output.KeyIndex]);
        }
        long[] totals = group.Totals;
        if (aggregate.Histogram is { } histogram)
        {
            return Histogram(histogram, totals.AsSpan(output.FirstBucket, histogram.Buckets + 2));
        }
        long n = totals[output.CountPartial];
        return aggregate.Kind switch
        {
            AggregateKind.CountStar or AggregateKind.Count => AnswerValue.Of(Math.Max(0, n)),
            AggregateKind.Sum => n <= 0 ? AnswerValue.Null : AnswerValue.Of((decimal)totals[output.SumPartial] / FixedPoint.Scale),
            AggregateKind.Avg => n <= 0 ? AnswerValue.Null : AnswerValue.Of(ExactMoments.Mean(n, totals[output.SumPartial])),
            AggregateKind.VarSamp or AggregateKind.StddevSamp when n <= 1 => AnswerValue.Null,
            AggregateKind.VarPop or AggregateKind.StddevPop when n <= 0 => AnswerValue.Null,
            _ => Spread(aggregate.Kind, n, totals[output.SumPartial], totals[output.SquaresPartial]),
        };
    }

    private static AnswerValue Spread(AggregateKind kind, long n, long sum, long squares)
    {
        bool sample = kind is AggregateKind.VarSamp or AggregateKind.StddevSamp;
        double variance = ExactMoments.Variance(n, sum, squares, sample);
        return AnswerValue.Of(kind is AggregateKind.StddevSamp or AggregateKind.StddevPop ? Math.Sqrt(variance) : variance);
    }

    private static AnswerValue Histogram(HistogramSpec spec, ReadOnlySpan<long> counts)
    {
        var buckets = ImmutableArray.CreateBuilder<HistogramBucket>(spec.Buckets + 2);
        decimal low = spec.Low.Value, width = spec.Width;
        buckets.Add(new HistogramBucket(null, low, Math.Max(0, counts[0])));
        for (int b = 1; b <= spec.Buckets; b++)
        {
            // The last bucket ends exactly at hi, whatever rounding the width had.
            decimal high = b == spec.Buckets ? spec.High.Value : low + (b * width);
            buckets.Add(new HistogramBucket(low + ((b - 1) * width), high, Math.Max(0, counts[b])));
        }
        buckets.Add(new HistogramBucket(spec.High.Value, null, Math.Max(0, counts[spec.Buckets + 1])));
        return AnswerValue.Of(buckets.MoveToImmutable());
    }
}
