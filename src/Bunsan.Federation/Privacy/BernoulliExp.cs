using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>
/// Exact Bernoulli(exp(−γ)) for rational γ = numerator/denominator ≥ 0 (Canonne, Kamath, Steinke 2020, Algorithm 1),
/// with nothing but integer comparisons against uniform integers, so its probability is exactly exp(−γ).
/// </summary>
internal static class BernoulliExp
{
    public static bool Sample(BigInteger numerator, BigInteger denominator, IUniformSource rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numerator, BigInteger.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(denominator, BigInteger.Zero);
        if (numerator <= denominator)
        {
            // γ ≤ 1: draw A_k ~ Bernoulli(γ/k) for k = 1, 2, … until one is 0; K (that k) is odd with probability
            // Σ_k odd (γ^(k−1)/(k−1)! − γ^k/k!) = 1 − γ + γ²/2! − … = exp(−γ).
            BigInteger k = BigInteger.One;
            while (rng.Below(denominator * k) < numerator)
            {
                k++;
            }
            return !k.IsEven;
        }
        // γ > 1: exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)), each factor an independent trial with γ ≤ 1; stop at the first 0
        // (expected under 1.6 trials, however large γ is).
        BigInteger whole = BigInteger.Divide(numerator, denominator);
        for (BigInteger i = BigInteger.Zero; i < whole; i++)
        {
            if (!Sample(BigInteger.One, BigInteger.One, rng))
            {
                return false;
            }
        }
        return Sample(numerator - (whole * denominator), denominator, rng);
    }
}
