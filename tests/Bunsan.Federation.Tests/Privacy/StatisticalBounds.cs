namespace Bunsan.Federation.Tests.Privacy;

/// <summary>Acceptance bounds for the statistical tests (doubles are fine here: they judge samples, they never make them).</summary>
internal static class StatisticalBounds
{
    /// <summary>z for a two-sided test at 1 − 10^-5: with fixed seeds a pass is repeatable, and a real bias still fails.</summary>
    public const double Z = 4.42;

    /// <summary>The chi-square value exceeded with probability ≈ 10^-5 (Wilson–Hilferty approximation).</summary>
    public static double ChiSquareCritical(int degreesOfFreedom)
    {
        double k = degreesOfFreedom;
        double c = 1 - (2 / (9 * k)) + (Z * Math.Sqrt(2 / (9 * k)));
        return k * c * c * c;
    }

    /// <summary>Pearson's statistic of observed counts against expected counts.</summary>
    public static double ChiSquare(IReadOnlyList<long> observed, IReadOnlyList<double> expected) =>
        observed.Select((o, i) => (o - expected[i]) * (o - expected[i]) / expected[i]).Sum();
}
