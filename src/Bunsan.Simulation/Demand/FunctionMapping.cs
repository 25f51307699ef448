using Bunsan.Core.Functions;

namespace Bunsan.Simulation.Demand;

/// <summary>
/// Maps trace functions to catalog functions (and so to latency classes) by a seeded rule that depends only on each
/// trace key, so reordering or subsetting the trace never moves a function.
/// </summary>
/// <remarks>
/// Rule: u = SplitMix64(FNV-1a(key) xor seed) mapped to [0, 1), then the catalog function whose cumulative weight
/// interval holds u. A function's weight is its class's share divided by the number of catalog functions in that
/// class; the shares of classes absent from the catalog are spread over the present ones in proportion.
/// Shares (of trace functions, not invocations) follow the trigger mix of the Azure Functions 2019 trace
/// (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020, Fig. 3: HTTP 55.0% of functions, event 2.2%,
/// queue 15.2%, timer 15.6%, orchestration 6.9%, storage 2.8%, others 2.2%):
/// the request-driven 57% (HTTP + event) is split over the four deadline classes, weighted towards realtime because
/// that class is the one the simulator must judge (realtime 15%, immersive 10%, control 12%, interactive 20%);
/// the background 43% (queue, timer, orchestration, storage, others) is batch.
/// A custom budget counts as the tightest named class whose budget is at least as large (e.g. 50 ms: control).
/// Invocation shares per class vary with the seed: a few trace functions carry most invocations.
/// </remarks>
public static class FunctionMapping
{
    /// <summary>Share of trace functions per named class, by budget; sums to 1.</summary>
    public static IReadOnlyList<(LatencyClass Class, double Share)> ClassShares { get; } =
    [
        (LatencyClass.Realtime, 0.15),
        (LatencyClass.Immersive, 0.10),
        (LatencyClass.Control, 0.12),
        (LatencyClass.Interactive, 0.20),
        (LatencyClass.Batch, 0.43),
    ];

    /// <summary>For each trace key, the index of its catalog function in <paramref name="functions"/>.</summary>
    /// <exception cref="ArgumentException">The catalog is empty (callers reject that as bad input first).</exception>
    public static int[] Map(IReadOnlyList<string> traceKeys, IReadOnlyList<FunctionSpec> functions, int seed)
    {
        ArgumentNullException.ThrowIfNull(traceKeys);
        double[] cumulative = Weights(functions);
        for (int i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }
        double total = cumulative[^1];
        var map = new int[traceKeys.Count];
        for (int t = 0; t < map.Length; t++)
        {
            double u = SeededHash.Unit(SeededHash.Of(traceKeys[t], seed)) * total;
            int at = Array.BinarySearch(cumulative, u);
            // BinarySearch gives the complement of the first larger element; an exact hit belongs to the next interval.
            int index = at >= 0 ? at + 1 : ~at;
            map[t] = Math.Min(index, cumulative.Length - 1);
        }
        return map;
    }

    /// <summary>Each catalog function's probability of receiving a trace function (sums to 1).</summary>
    public static double[] Weights(IReadOnlyList<FunctionSpec> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0)
        {
            throw new ArgumentException("the function catalog is empty: give at least one function", nameof(functions));
        }
        var bucketOf = new int[functions.Count];
        var perBucket = new int[ClassShares.Count];
        for (int i = 0; i < functions.Count; i++)
        {
            bucketOf[i] = BucketOf(functions[i].Class);
            perBucket[bucketOf[i]]++;
        }
        double presentShare = 0;
        for (int b = 0; b < perBucket.Length; b++)
        {
            presentShare += perBucket[b] > 0 ? ClassShares[b].Share : 0;
        }
        var weights = new double[functions.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            int b = bucketOf[i];
            weights[i] = ClassShares[b].Share / presentShare / perBucket[b];
        }
        return weights;
    }

    private static int BucketOf(LatencyClass latencyClass)
    {
        for (int b = 0; b < ClassShares.Count; b++)
        {
            if (latencyClass.BudgetMs <= ClassShares[b].Class.BudgetMs)
            {
                return b;
            }
        }
        return ClassShares.Count - 1;
    }
}
