using System.Collections.Immutable;

namespace Bunsan.Core.Latency;

/// <summary>
/// A continuous piecewise-linear RTT curve over great-circle distance: <see cref="OverheadMs"/> at 0 km, then
/// <see cref="SlopesMsPerKm"/>[i] ms of RTT per km from <see cref="BreakpointsKm"/>[i] on. The per-km cost
/// falling with distance is route inflation shrinking: short paths detour relatively more (metro rings,
/// exchange points in another city), long-haul paths follow cables closer to the great circle.
/// </summary>
/// <param name="Quantile">The quantile of measured RTT the curve was fitted to (0.5 = median).</param>
public sealed record PiecewiseLatencyParameters(
    double OverheadMs,
    ImmutableArray<double> BreakpointsKm,
    ImmutableArray<double> SlopesMsPerKm,
    double Quantile)
{
    /// <summary>
    /// Where the per-km cost may change: metro/regional (300 km), national (1,000 km), continental (3,000 km),
    /// intercontinental (7,000 km). The first breakpoint is 0.
    /// </summary>
    public static ImmutableArray<double> DefaultBreakpointsKm { get; } = [0, 300, 1_000, 3_000, 7_000];

    /// <summary>RTT predicted at <paramref name="distanceKm"/> by the curve alone (no physical floor).</summary>
    public double RttAt(double distanceKm)
    {
        double rtt = OverheadMs;
        for (int i = 0; i < BreakpointsKm.Length; i++)
        {
            double end = i + 1 < BreakpointsKm.Length ? BreakpointsKm[i + 1] : double.PositiveInfinity;
            if (distanceKm <= BreakpointsKm[i])
            {
                break;
            }
            rtt += SlopesMsPerKm[i] * (Math.Min(distanceKm, end) - BreakpointsKm[i]);
        }
        return rtt;
    }
}
