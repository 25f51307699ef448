using System.Collections.Immutable;

namespace Bunsan.Core.Latency;

/// <summary>
/// Fits RTT(distance) to measured pings: a piecewise-linear curve (<see cref="PiecewiseLatencyParameters"/>)
/// by quantile regression, trained on a seeded share of the server pairs and scored on the rest. Pure: no I/O.
/// </summary>
/// <remarks>
/// The two directions of a pair measure one path, so they are averaged into one unordered pair and the
/// hold-out split is by unordered pair (A→B and B→A never land on different sides). The target is each
/// direction's <c>avg</c> RTT: a request sees the typical RTT, not the day's best, and on the WonderNetwork
/// 2020 data avg exceeds min by only ~0.35 ms (median), so the choice moves the fit little.
/// </remarks>
public static class LatencyFit
{
    /// <summary>Fewest unordered pairs a fit accepts: six parameters need a few dozen pairs to mean anything.</summary>
    public const int MinUnorderedPairs = 50;

    /// <summary>
    /// A segment needs this many training pairs to get its own slope; a breakpoint with fewer on either side is
    /// dropped (its neighbours merge), so sparse data cannot produce a wild slope (e.g. 5 pairs under 300 km).
    /// </summary>
    private const int MinPairsPerSegment = 30;

    private const double KmPerUnit = 1_000; // distances enter the regression in thousands of km, for conditioning

    public static LatencyFitResult Fit(IReadOnlyList<PingPair> pairs, int seed, double holdOutFraction) =>
        TryFit(pairs, new LatencyFitOptions { Seed = seed, HoldOutFraction = holdOutFraction }, out LatencyFitResult result, out string? error)
            ? result
            : throw new ArgumentException(error, nameof(pairs));

    public static bool TryFit(IReadOnlyList<PingPair> pairs, LatencyFitOptions options, out LatencyFitResult result, out string? error)
    {
        result = null!;
        error = options.Validate();
        if (error is not null)
        {
            return false;
        }
        List<(double DistanceKm, double RttMs)> unordered = Unordered(pairs, out int selfPings);
        if (unordered.Count < MinUnorderedPairs)
        {
            error = $"{unordered.Count} server pair(s) with pings: a fit needs at least {MinUnorderedPairs}; pass the full ping file";
            return false;
        }
        var order = Enumerable.Range(0, unordered.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        int heldOutCount = (int)Math.Round(unordered.Count * options.HoldOutFraction);
        var heldOut = order.Take(heldOutCount).Select(i => unordered[i]).ToList();
        var training = order.Skip(heldOutCount).Select(i => unordered[i]).ToList();

        ImmutableArray<double> breakpoints = SupportedBreakpoints(options.BreakpointsKm, training);
        double[][] rows = [.. training.Select(t => Basis(t.DistanceKm, breakpoints))];
        double[] beta = QuantileRegression.Fit(rows, [.. training.Select(t => t.RttMs)], options.Quantile);
        var slopes = ImmutableArray.CreateBuilder<double>(breakpoints.Length);
        double slope = 0;
        for (int i = 0; i < breakpoints.Length; i++)
        {
            slope += beta[i + 1];
            slopes.Add(slope / KmPerUnit);
        }
        var parameters = new PiecewiseLatencyParameters(beta[0], breakpoints, slopes.MoveToImmutable(), options.Quantile);
        var model = new FittedLatencyModel(parameters);
        result = new LatencyFitResult(
            parameters, unordered.Count, training.Count, heldOut.Count, selfPings,
            Errors(heldOut, model.RttMsAtDistance),
            Errors(heldOut, d => 2 * PhysicalBoundLatencyModel.OneWayMsPerKm * d));
        return true;
    }

    /// <summary>The measured RTT between two servers, averaged over both directions; null when never measured.</summary>
    public static double? MeasuredRttMs(IReadOnlyList<PingPair> pairs, int serverA, int serverB)
    {
        var both = pairs.Where(p => (p.SourceId == serverA && p.DestinationId == serverB) || (p.SourceId == serverB && p.DestinationId == serverA)).ToList();
        return both.Count == 0 ? null : both.Average(p => p.AvgMs);
    }

    private static List<(double DistanceKm, double RttMs)> Unordered(IReadOnlyList<PingPair> pairs, out int selfPings)
    {
        selfPings = 0;
        var byPair = new SortedDictionary<(int, int), (double Distance, double Sum, int Count)>();
        foreach (PingPair p in pairs)
        {
            if (p.SourceId == p.DestinationId)
            {
                selfPings++;
                continue;
            }
            var key = (Math.Min(p.SourceId, p.DestinationId), Math.Max(p.SourceId, p.DestinationId));
            byPair[key] = byPair.TryGetValue(key, out var seen)
                ? (seen.Distance, seen.Sum + p.AvgMs, seen.Count + 1)
                : (p.DistanceKm, p.AvgMs, 1);
        }
        return [.. byPair.Values.Select(v => (v.Distance, v.Sum / v.Count))];
    }

    private static ImmutableArray<double> SupportedBreakpoints(ImmutableArray<double> candidates, List<(double DistanceKm, double RttMs)> training)
    {
        var kept = ImmutableArray.CreateBuilder<double>();
        kept.Add(0);
        foreach (double b in candidates.Skip(1))
        {
            int below = training.Count(t => t.DistanceKm >= kept[^1] && t.DistanceKm < b);
            int beyond = training.Count(t => t.DistanceKm >= b);
            if (below >= MinPairsPerSegment && beyond >= MinPairsPerSegment)
            {
                kept.Add(b);
            }
        }
        return kept.ToImmutable();
    }

    /// <summary>[1, d, (d − b₁)⁺, (d − b₂)⁺, …]: each hinge lets the slope change at its breakpoint, keeping the curve continuous.</summary>
    private static double[] Basis(double distanceKm, ImmutableArray<double> breakpoints)
    {
        var row = new double[breakpoints.Length + 1];
        row[0] = 1;
        for (int i = 0; i < breakpoints.Length; i++)
        {
            row[i + 1] = Math.Max(0, distanceKm - breakpoints[i]) / KmPerUnit;
        }
        return row;
    }

    private static HeldOutErrors Errors(List<(double DistanceKm, double RttMs)> heldOut, Func<double, double> predict) => new(
        Stats(heldOut, predict, double.PositiveInfinity),
        Stats(heldOut, predict, 1_000),
        Stats(heldOut, predict, 3_000));

    private static ErrorStats Stats(List<(double DistanceKm, double RttMs)> heldOut, Func<double, double> predict, double underKm)
    {
        double[] signed = [.. heldOut.Where(p => p.DistanceKm < underKm).Select(p => predict(p.DistanceKm) - p.RttMs)];
        if (signed.Length == 0)
        {
            return ErrorStats.Empty;
        }
        double[] absolute = [.. signed.Select(Math.Abs)];
        Array.Sort(absolute);
        Array.Sort(signed);
        return new ErrorStats(signed.Length, Percentile(absolute, 0.5), Percentile(absolute, 0.9), Percentile(signed, 0.5));
    }

    /// <summary>Linear interpolation between closest ranks (the usual "type 7" definition) over sorted values.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        double rank = p * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
