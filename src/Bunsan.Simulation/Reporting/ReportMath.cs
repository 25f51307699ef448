using System.Numerics;

namespace Bunsan.Simulation.Reporting;

/// <summary>
/// The arithmetic every report shares — the simulator's, the load generator's and the demo's — so that their
/// percentages and percentiles mean the same thing and can be compared side by side.
/// </summary>
public static class ReportMath
{
    /// <summary>100 × part / whole, rounded to 3 decimals; 0 when there is no whole.</summary>
    public static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 3);

    /// <summary>Nearest-rank quantile <paramref name="q"/> of sorted latencies (ms), rounded to µs; null when there are none.</summary>
    public static double? Quantile<T>(ReadOnlySpan<T> sorted, double q)
        where T : INumberBase<T>
    {
        if (sorted.IsEmpty)
        {
            return null;
        }
        int rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return Math.Round(double.CreateChecked(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]), 3);
    }
}
