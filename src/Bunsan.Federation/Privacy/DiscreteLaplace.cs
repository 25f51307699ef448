using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>
/// Exact discrete Laplace noise: P(x) ∝ exp(−|x|/t) over the integers, for a rational scale
/// t = scaleNumerator/scaleDenominator > 0 (Canonne, Kamath, Steinke 2020, Algorithm 2). Integer and rational
/// arithmetic only — no floating point anywhere on the path, so the output distribution is exactly the one the
/// privacy proof assumes (Mironov 2012: floating-point Laplace leaves gaps that reveal the input).
/// </summary>
public static class DiscreteLaplace
{
    /// <summary>
    /// One sample. Throws <see cref="OverflowException"/> if it falls outside a long, which has probability below
    /// 2·exp(−2^63/t): use <see cref="PrivacyNoise"/> to add noise to totals, which never narrows the noise itself.
    /// </summary>
    public static long Sample(BigInteger scaleNumerator, BigInteger scaleDenominator, IUniformSource rng) =>
        checked((long)SampleInteger(scaleNumerator, scaleDenominator, rng));

    /// <summary>One sample, unbounded.</summary>
    internal static BigInteger SampleInteger(BigInteger scaleNumerator, BigInteger scaleDenominator, IUniformSource rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scaleNumerator, BigInteger.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scaleDenominator, BigInteger.Zero);
        ArgumentNullException.ThrowIfNull(rng);
        BigInteger t = scaleNumerator;
        BigInteger s = scaleDenominator;
        while (true)
        {
            // X = U + t·V is geometric on the naturals with P(X) ∝ exp(−X/t): U its remainder modulo t (accepted
            // with probability exp(−U/t)), V its quotient (Geometric with ratio exp(−1)).
            BigInteger u = rng.Below(t);
            if (!BernoulliExp.Sample(u, t, rng))
            {
                continue;
            }
            BigInteger v = BigInteger.Zero;
            while (BernoulliExp.Sample(BigInteger.One, BigInteger.One, rng))
            {
                v++;
            }
            // ⌊X/s⌋ is geometric with ratio exp(−s/t) = exp(−1/scale); a random sign, rejecting "−0" so that zero
            // is not counted twice, gives the two-sided distribution.
            BigInteger magnitude = BigInteger.Divide(u + (t * v), s);
            bool negative = rng.Below(2).IsOne;
            if (negative && magnitude.IsZero)
            {
                continue;
            }
            return negative ? -magnitude : magnitude;
        }
    }
}
