using Bunsan.Federation.Privacy;

namespace Bunsan.Federation.Tests.Privacy;

public sealed class BernoulliExpTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(7, 10)]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(4, 1)]
    public void Sample_RationalGamma_FrequencyIsExpMinusGamma(int numerator, int denominator)
    {
        const int Trials = 40_000;
        var rng = new SeededUniform(numerator * 31 + denominator);
        int ones = 0;
        for (int i = 0; i < Trials; i++)
        {
            ones += BernoulliExp.Sample(numerator, denominator, rng) ? 1 : 0;
        }

        double p = Math.Exp(-(double)numerator / denominator);
        double tolerance = StatisticalBounds.Z * Math.Sqrt(Trials * p * (1 - p));
        Assert.InRange(ones, (Trials * p) - tolerance, (Trials * p) + tolerance);
    }

    [Fact]
    public void Sample_NegativeGamma_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BernoulliExp.Sample(-1, 2, new SeededUniform(1)));
}
