using System.Collections.Immutable;

namespace Bunsan.Core.Latency;

/// <summary>How <see cref="LatencyFit"/> fits: the hold-out split, the quantile and the breakpoints.</summary>
public sealed class LatencyFitOptions
{
    /// <summary>
    /// Default 0.15. Bunsan's sites sit on a national backbone; Japan's three measured inter-city pairs
    /// (Tokyo–Osaka 8.2 ms at 403 km, Tokyo–Sapporo 18.3 ms at 832 km, Osaka–Sapporo 23.1 ms at 1,059 km) lie
    /// at the 10th–15th percentile of the world's pairs at their distances, whose upper part is paths that
    /// detour through exchange points abroad. 0.5 (median) minimises the world-wide absolute error instead.
    /// Valid: (0, 1).
    /// </summary>
    public double Quantile { get; init; } = 0.15;

    /// <summary>Default 42. Seeds the hold-out split, so a fit is reproducible.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Default 0.2: a fifth of the unordered server pairs is kept out of the fit to measure its error. Valid: [0.05, 0.5].</summary>
    public double HoldOutFraction { get; init; } = 0.2;

    /// <summary>Default <see cref="PiecewiseLatencyParameters.DefaultBreakpointsKm"/>; must start at 0 and increase.</summary>
    public ImmutableArray<double> BreakpointsKm { get; init; } = PiecewiseLatencyParameters.DefaultBreakpointsKm;

    /// <summary>Null when valid, else what is wrong and how to fix it.</summary>
    public string? Validate()
    {
        if (!(Quantile > 0 && Quantile < 1))
        {
            return $"quantile {Quantile} is out of range: use a number strictly between 0 and 1, e.g. 0.5 for the median";
        }
        if (!(HoldOutFraction >= 0.05 && HoldOutFraction <= 0.5))
        {
            return $"hold-out fraction {HoldOutFraction} is out of range: use 0.05 to 0.5";
        }
        if (BreakpointsKm.IsDefaultOrEmpty || BreakpointsKm[0] != 0)
        {
            return "breakpoints must start at 0 km";
        }
        for (int i = 1; i < BreakpointsKm.Length; i++)
        {
            if (!(BreakpointsKm[i] > BreakpointsKm[i - 1]) || !double.IsFinite(BreakpointsKm[i]))
            {
                return $"breakpoint {BreakpointsKm[i]} km does not follow {BreakpointsKm[i - 1]} km: list finite, increasing distances";
            }
        }
        return null;
    }
}
