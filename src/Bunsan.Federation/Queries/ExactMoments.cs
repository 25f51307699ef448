using System.Numerics;

namespace Bunsan.Federation.Queries;

/// <summary>
/// AVG, VAR and STDDEV from the summed partials n (count), S = Σ round(x·10^6) and Q = Σ round(x²·10^6),
/// in exact integer arithmetic until one final division: no cancellation, whatever the magnitudes.
/// <para>
/// mean = S / (n·10^6). VAR_POP = (n·Q·10^6 − S²) / (n²·10^12); VAR_SAMP = the same numerator / (n(n−1)·10^12).
/// With noisy totals the numerator can turn negative: it is clamped to 0 (a variance is never negative).
/// </para>
/// </summary>
internal static class ExactMoments
{
    private static readonly BigInteger Scale = FixedPoint.Scale;

    public static double Mean(long n, long sum) => ToDouble(sum, n * Scale);

    /// <summary>Population (<paramref name="sample"/> false) or sample variance; the caller checks n ≥ 1 or n ≥ 2.</summary>
    public static double Variance(long n, long sum, long squares, bool sample)
    {
        BigInteger numerator = BigInteger.Max(BigInteger.Zero, ((BigInteger)n * squares * Scale) - ((BigInteger)sum * sum));
        BigInteger denominator = (BigInteger)n * (sample ? n - 1 : n) * Scale * Scale;
        return ToDouble(numerator, denominator);
    }

    /// <summary>num / den correctly rounded to the nearest double (den &gt; 0).</summary>
    public static double ToDouble(BigInteger numerator, BigInteger denominator)
    {
        if (numerator.IsZero)
        {
            return 0;
        }
        BigInteger magnitude = BigInteger.Abs(numerator);
        // Scale the quotient into [2^62, 2^64): a ulong, whose conversion to double rounds to nearest. The
        // discarded remainder is folded into the lowest bit (a sticky bit), which keeps ties rounding right.
        int shift = 63 - (int)(magnitude.GetBitLength() - denominator.GetBitLength());
        BigInteger quotient = BigInteger.DivRem(shift >= 0 ? magnitude << shift : magnitude, shift >= 0 ? denominator : denominator << -shift, out BigInteger remainder);
        ulong bits = (ulong)quotient | (remainder.IsZero ? 0UL : 1UL);
        double value = Math.ScaleB(bits, -shift);
        return numerator.Sign < 0 ? -value : value;
    }
}
