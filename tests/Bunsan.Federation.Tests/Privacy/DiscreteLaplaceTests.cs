using System.Numerics;
using System.Reflection;
using System.Text.RegularExpressions;
using Bunsan.Federation.Privacy;
using Bunsan.Tests;

namespace Bunsan.Federation.Tests.Privacy;

public sealed partial class DiscreteLaplaceTests
{
    private const int Samples = 20_000;

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(10, 1)]
    [InlineData(7, 3)]
    public void Sample_Scale_MeanZeroAndVarianceMatch(int numerator, int denominator)
    {
        long[] x = Draw(numerator, denominator, seed: numerator * 100 + denominator);
        double q = Math.Exp(-(double)denominator / numerator); // exp(−1/t)
        double variance = 2 * q / ((1 - q) * (1 - q));

        double mean = x.Average();
        double sampleVariance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);

        Assert.InRange(mean, -StatisticalBounds.Z * Math.Sqrt(variance / Samples), StatisticalBounds.Z * Math.Sqrt(variance / Samples));
        // The sample variance's sd is ≈ sqrt(5/N) σ² ≈ 1.6% here (kurtosis ≤ 6): 10% is over 6 sd, and still fails a
        // scale that is off by 10%.
        Assert.InRange(sampleVariance, variance * 0.9, variance * 1.1);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(10, 1)]
    public void Sample_Scale_PmfMatchesByChiSquare(int numerator, int denominator)
    {
        long[] x = Draw(numerator, denominator, seed: 7 + numerator + denominator);
        double q = Math.Exp(-(double)denominator / numerator);
        double Pmf(long z) => (1 - q) / (1 + q) * Math.Pow(q, Math.Abs(z));
        // Bins −m..m with at least 5 expected each, plus one bin for both tails beyond.
        int m = 0;
        while (Samples * Pmf(m + 1) >= 5)
        {
            m++;
        }
        long[] observed = new long[(2 * m) + 2];
        foreach (long v in x)
        {
            observed[Math.Abs(v) > m ? observed.Length - 1 : (int)v + m]++;
        }
        double[] expected = [.. Enumerable.Range(-m, (2 * m) + 1).Select(z => Samples * Pmf(z))];
        expected = [.. expected, Samples - expected.Sum()];

        double chi = StatisticalBounds.ChiSquare(observed, expected);

        Assert.True(chi < StatisticalBounds.ChiSquareCritical(observed.Length - 1), $"chi-square {chi:F1} over {observed.Length} bins");
    }

    [Fact]
    public void Sample_HugeScale_SpreadMatches()
    {
        // t = 10^9: the BigInteger path, where U ranges over 10^9 values.
        long[] x = Draw(1_000_000_000, 1, seed: 3, samples: 4000);
        double variance = 2e18; // 2t² − 1/6 + …, for large t

        double sampleVariance = x.Sum(v => (double)v * v) / x.Length;

        Assert.InRange(sampleVariance, variance * 0.8, variance * 1.2);
    }

    [Fact]
    public void Sample_SameSeed_SameSequence() => Assert.Equal(Draw(3, 2, seed: 9, samples: 100), Draw(3, 2, seed: 9, samples: 100));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, 1)]
    [InlineData(1, -1)]
    public void Sample_NonPositiveScale_Throws(int numerator, int denominator) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteLaplace.Sample(numerator, denominator, new SeededUniform(1)));

    [Fact]
    public void Samplers_Signatures_HaveNoFloatingPoint()
    {
        Type[] floating = [typeof(double), typeof(float), typeof(Half), typeof(decimal)];
        foreach (Type sampler in SamplingPath)
        {
            foreach (MethodInfo method in sampler.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                IEnumerable<Type> types = method.GetParameters().Select(p => p.ParameterType)
                    .Append(method.ReturnType)
                    .Concat(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
                Assert.DoesNotContain(types, floating.Contains);
            }
        }
    }

    [Fact]
    public void Samplers_Sources_HaveNoFloatingPoint()
    {
        string folder = Path.Combine(SharedData.RepoRoot, "src", "Bunsan.Federation", "Privacy");
        foreach (Type sampler in SamplingPath)
        {
            string code = CommentPattern().Replace(File.ReadAllText(Path.Combine(folder, sampler.Name + ".cs")), "");
            Assert.False(FloatingPointPattern().IsMatch(code), $"{sampler.Name}.cs uses floating point: {FloatingPointPattern().Match(code).Value}");
        }
    }

    /// <summary>Everything between a uniform integer and a noise sample.</summary>
    private static Type[] SamplingPath => [typeof(IUniformSource), typeof(CryptoUniform), typeof(UniformRejection), typeof(BernoulliExp), typeof(DiscreteLaplace)];

    private static long[] Draw(int numerator, int denominator, int seed, int samples = Samples)
    {
        var rng = new SeededUniform(seed);
        return [.. Enumerable.Range(0, samples).Select(_ => DiscreteLaplace.Sample(numerator, denominator, rng))];
    }

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"\b(double|float|decimal|Half|Double|Single|Decimal|Math|MathF)\b|\d\.\d|\d[fFdDmM]\b|\de\d")]
    private static partial Regex FloatingPointPattern();
}
