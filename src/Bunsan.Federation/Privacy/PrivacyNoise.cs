using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>
/// The coordinator's noise step. A query's ε is split evenly over its k distinct statistics (sequential composition:
/// one row can move every statistic). Within a statistic a row moves at most one partial (a histogram's buckets, a
/// GROUP BY's groups), so the statistic's partials share its ε/k (parallel composition). Partial p then gets discrete
/// Laplace noise of scale t_p = Δ_p · k / ε, an exact rational, where Δ_p is how far adding or removing one row can
/// move partial p (in its integer units: 1 for a count; the clamp bound times 10^digits for a fixed-point sum).
/// </summary>
public static class PrivacyNoise
{
    /// <summary>Each partial's scale t_p = sensitivity_p · k / ε, in lowest terms.</summary>
    public static NoiseScale[] Scales(IReadOnlyList<long> sensitivities, IReadOnlyList<int> statisticOf, Epsilon epsilon)
    {
        ArgumentNullException.ThrowIfNull(sensitivities);
        ArgumentNullException.ThrowIfNull(statisticOf);
        if (sensitivities.Count != statisticOf.Count)
        {
            throw new ArgumentException($"{sensitivities.Count} sensitivities for {statisticOf.Count} partials: give one per partial", nameof(sensitivities));
        }
        if (epsilon.Value <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive: parse it with Epsilon.TryParse");
        }
        var statistics = new HashSet<int>();
        for (int p = 0; p < statisticOf.Count; p++)
        {
            // Zero sensitivity would mean no noise at all: a planner bug must not publish an exact total.
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sensitivities[p], $"{nameof(sensitivities)}[{p}]");
            ArgumentOutOfRangeException.ThrowIfNegative(statisticOf[p], $"{nameof(statisticOf)}[{p}]");
            statistics.Add(statisticOf[p]);
        }
        (BigInteger epsilonNumerator, BigInteger epsilonDenominator) = epsilon.ToRational();
        var scales = new NoiseScale[sensitivities.Count];
        for (int p = 0; p < scales.Length; p++)
        {
            scales[p] = NoiseScale.Reduced((BigInteger)sensitivities[p] * statistics.Count * epsilonDenominator, epsilonNumerator);
        }
        return scales;
    }

    /// <summary>
    /// The totals with noise added. The noisy total is computed exactly, then saturated to a long: saturation is
    /// post-processing of the private value, so it costs no privacy (narrowing the noise alone would).
    /// </summary>
    public static long[] Apply(long[] totals, IReadOnlyList<long> sensitivities, IReadOnlyList<int> statisticOf, Epsilon epsilon, IUniformSource rng)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(rng);
        NoiseScale[] scales = Scales(sensitivities, statisticOf, epsilon);
        if (totals.Length != scales.Length)
        {
            throw new ArgumentException($"{totals.Length} totals for {scales.Length} partials: give one sensitivity and statistic per total", nameof(totals));
        }
        long[] noisy = new long[totals.Length];
        for (int p = 0; p < totals.Length; p++)
        {
            BigInteger value = totals[p] + DiscreteLaplace.SampleInteger(scales[p].Numerator, scales[p].Denominator, rng);
            noisy[p] = (long)BigInteger.Clamp(value, long.MinValue, long.MaxValue);
        }
        return noisy;
    }
}
