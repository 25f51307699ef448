using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>
/// RTT from great-circle distance along a fitted piecewise-linear curve, never below the physical bound.
/// Allocation-free: a haversine, a scan over ≤ 5 breakpoints and a multiply-add (the simulator calls it millions of times).
/// </summary>
public sealed class FittedLatencyModel : ILatencyModel
{
    private readonly double[] _breakpointsKm;
    private readonly double[] _slopesMsPerKm;
    private readonly double[] _rttAtBreakpointMs;

    public FittedLatencyModel(PiecewiseLatencyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.BreakpointsKm.Length != parameters.SlopesMsPerKm.Length || parameters.BreakpointsKm.IsEmpty || parameters.BreakpointsKm[0] != 0)
        {
            throw new ArgumentException("breakpoints must start at 0 km and pair one-to-one with slopes", nameof(parameters));
        }
        Parameters = parameters;
        _breakpointsKm = [.. parameters.BreakpointsKm];
        _slopesMsPerKm = [.. parameters.SlopesMsPerKm];
        _rttAtBreakpointMs = [.. _breakpointsKm.Select(parameters.RttAt)];
    }

    /// <summary>
    /// Fitted on WonderNetwork's pings of 19–20 July 2020 (../shared/data/latency/wondernetwork_2020), reproduced by
    /// <c>./bunsan latency fit --pings ../shared/data/latency/wondernetwork_2020/pings-2020-07-19-2020-07-20-grouped.csv
    /// --servers ../shared/data/latency/wondernetwork_2020/servers-2020-07-19.csv --seed 42</c>
    /// (quantile 0.15 of avg RTT; 24,086 pairs fitted, 6,021 held out). Held-out |error|, model vs physical bound:
    /// all pairs median 20.44 vs 60.57 ms, p90 105.57 vs 160.61 ms; under 3,000 km median 9.49 vs 24.72 ms, p90 38.99 vs
    /// 56.48 ms; under 1,000 km median 6.57 vs 14.22 ms, p90 30.45 vs 39.27 ms. Japan: Tokyo–Osaka 10.07 ms (measured
    /// 8.25), Tokyo–Sapporo 19.30 (18.31), Osaka–Sapporo 23.85 (23.06). The quantile is low on purpose: see
    /// <see cref="LatencyFitOptions.Quantile"/>; measured RTTs in a topology override the model per site pair.
    /// </summary>
    public static FittedLatencyModel Default { get; } = new(new PiecewiseLatencyParameters(
        OverheadMs: 0.9309281411563572,
        BreakpointsKm: PiecewiseLatencyParameters.DefaultBreakpointsKm,
        SlopesMsPerKm: [0.023085621560583015, 0.021501827713493044, 0.015993627000851305, 0.01307925105563809, 0.015331147338013114],
        Quantile: 0.15));

    public PiecewiseLatencyParameters Parameters { get; }

    public double RttMs(GeoPoint origin, GeoPoint destination) => RttMsAtDistance(origin.DistanceKmTo(destination));

    /// <summary>RTT for a great-circle distance: the curve, floored at light in fibre (2 × 5 µs/km).</summary>
    public double RttMsAtDistance(double distanceKm)
    {
        int i = _breakpointsKm.Length - 1;
        while (distanceKm < _breakpointsKm[i] && i > 0)
        {
            i--;
        }
        double rtt = _rttAtBreakpointMs[i] + (_slopesMsPerKm[i] * (distanceKm - _breakpointsKm[i]));
        return Math.Max(rtt, 2 * PhysicalBoundLatencyModel.OneWayMsPerKm * distanceKm);
    }
}
