using System.Numerics;
using Bunsan.Federation.Privacy;

namespace Bunsan.Federation.Tests.Privacy;

public sealed class CryptoUniformTests
{
    [Fact]
    public void Below_One_IsZero() => Assert.Equal(BigInteger.Zero, CryptoUniform.Instance.Below(1));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Below_NonPositive_Throws(int n) => Assert.Throws<ArgumentOutOfRangeException>(() => CryptoUniform.Instance.Below(n));

    [Fact]
    public void Below_Ten_IsUniformByChiSquare()
    {
        // n = 10 needs 4 bits, so 6 of 16 draws are rejected: reduction modulo 10 would instead give 0..5 twice the
        // weight of 6..9, which this test catches.
        const int Draws = 50_000;
        long[] counts = new long[10];
        for (int i = 0; i < Draws; i++)
        {
            counts[(int)CryptoUniform.Instance.Below(10)]++;
        }

        double chi = StatisticalBounds.ChiSquare(counts, [.. Enumerable.Repeat(Draws / 10.0, 10)]);

        Assert.True(chi < StatisticalBounds.ChiSquareCritical(9), $"chi-square {chi:F1}");
    }

    [Fact]
    public void Below_HugeBound_StaysBelowIt()
    {
        BigInteger n = BigInteger.Pow(10, 40) + 7;
        for (int i = 0; i < 1000; i++)
        {
            BigInteger x = CryptoUniform.Instance.Below(n);
            Assert.True(x >= 0 && x < n);
        }
    }
}
