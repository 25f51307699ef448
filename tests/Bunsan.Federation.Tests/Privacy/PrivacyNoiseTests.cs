using Bunsan.Federation.Privacy;

namespace Bunsan.Federation.Tests.Privacy;

public sealed class PrivacyNoiseTests
{
    [Fact]
    public void Scales_TwoStatistics_EachGetsHalfOfEpsilon()
    {
        // A four-bucket histogram of counts (one statistic: a row is in one bucket) and a sum of values clamped to ±5.
        NoiseScale[] scales = PrivacyNoise.Scales([1, 1, 1, 5], [0, 0, 0, 1], Parse("0.5"));

        Assert.Equal(["4", "4", "4", "20"], scales.Select(s => s.ToString()));
    }

    [Fact]
    public void Scales_OneHistogram_CostsOneShare()
    {
        NoiseScale[] scales = PrivacyNoise.Scales([.. Enumerable.Repeat(1L, 10)], [.. Enumerable.Repeat(0, 10)], Parse("2"));

        Assert.All(scales, s => Assert.Equal("1/2", s.ToString()));
    }

    [Theory]
    [InlineData("0.3", 3, "10")]
    [InlineData("0.7", 1, "10/7")]
    [InlineData("0.000001", 2, "2000000")]
    [InlineData("3", 3, "1")]
    public void Scales_Epsilon_ExactRational(string epsilon, int statistics, string expected)
    {
        NoiseScale[] scales = PrivacyNoise.Scales([.. Enumerable.Repeat(1L, statistics)], [.. Enumerable.Range(0, statistics)], Parse(epsilon));

        Assert.All(scales, s => Assert.Equal(expected, s.ToString()));
    }

    [Fact]
    public void Scales_HugeSensitivity_DoesNotWrap()
    {
        NoiseScale[] scales = PrivacyNoise.Scales([long.MaxValue, 1, 1], [0, 1, 2], Parse("0.5"));

        Assert.Equal(new System.Numerics.BigInteger(long.MaxValue) * 6, scales[0].Numerator);
        Assert.Equal(System.Numerics.BigInteger.One, scales[0].Denominator);
    }

    [Fact]
    public void Scales_BadInputs_Throw()
    {
        Epsilon one = Parse("1");
        Assert.Throws<ArgumentException>(() => PrivacyNoise.Scales([1, 1], [0], one));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivacyNoise.Scales([0], [0], one));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivacyNoise.Scales([1], [-1], one));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivacyNoise.Scales([1], [0], Epsilon.Zero));
    }

    [Fact]
    public void Apply_ManyRuns_NoiseCentredWithItsScalesVariance()
    {
        // ε = 1 over two statistics: t = 2 for the count (Δ 1), t = 6 for the sum (Δ 3).
        const int Runs = 20_000;
        var rng = new SeededUniform(11);
        long[] totals = [1000, -50];
        double[][] noise = [new double[Runs], new double[Runs]];
        for (int r = 0; r < Runs; r++)
        {
            long[] noisy = PrivacyNoise.Apply(totals, [1, 3], [0, 1], Parse("1"), rng);
            noise[0][r] = noisy[0] - totals[0];
            noise[1][r] = noisy[1] - totals[1];
        }

        foreach ((double[] n, double t) in new[] { (noise[0], 2.0), (noise[1], 6.0) })
        {
            double q = Math.Exp(-1 / t);
            double variance = 2 * q / ((1 - q) * (1 - q));
            double bound = StatisticalBounds.Z * Math.Sqrt(variance / Runs);
            Assert.InRange(n.Average(), -bound, bound);
            Assert.InRange(n.Sum(v => v * v) / Runs, variance * 0.9, variance * 1.1);
        }
    }

    [Fact]
    public void Apply_SameSeed_SameResult() =>
        Assert.Equal(PrivacyNoise.Apply([5, 6, 7], [1, 1, 1], [0, 0, 1], Parse("0.5"), new SeededUniform(4)),
            PrivacyNoise.Apply([5, 6, 7], [1, 1, 1], [0, 0, 1], Parse("0.5"), new SeededUniform(4)));

    [Fact]
    public void Apply_TotalsAtLongLimits_SaturateInsteadOfWrapping()
    {
        var rng = new SeededUniform(2);
        int saturated = 0;
        for (int r = 0; r < 200; r++)
        {
            long[] noisy = PrivacyNoise.Apply([long.MaxValue, long.MinValue], [1, 1], [0, 1], Parse("1"), rng);
            Assert.True(noisy[0] > 0 && noisy[1] < 0, "a wrapped total would change sign");
            saturated += (noisy[0] == long.MaxValue ? 1 : 0) + (noisy[1] == long.MinValue ? 1 : 0);
        }
        Assert.True(saturated > 100, $"{saturated} of 400 saturated: noise of scale 2 is non-negative (or non-positive) over half the time");
    }

    [Fact]
    public void Apply_TotalsLengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => PrivacyNoise.Apply([1, 2], [1], [0], Parse("1"), new SeededUniform(1)));

    private static Epsilon Parse(string text)
    {
        Assert.True(Epsilon.TryParse(text, out Epsilon epsilon, out string? error), error);
        return epsilon;
    }
}
