using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>A discrete Laplace scale t = Numerator/Denominator in lowest terms, in the partial's integer units; reported with the result.</summary>
public readonly record struct NoiseScale
{
    private NoiseScale(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static NoiseScale Reduced(BigInteger numerator, BigInteger denominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(numerator, BigInteger.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(denominator, BigInteger.Zero);
        BigInteger gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return new NoiseScale(numerator / gcd, denominator / gcd);
    }

    public override string ToString() => Denominator.IsOne ? $"{Numerator}" : $"{Numerator}/{Denominator}";
}
