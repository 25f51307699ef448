using System.Numerics;
using Bunsan.Federation.Privacy;

namespace Bunsan.Federation.Tests.Privacy;

/// <summary>Tests only: the production rejection sampler over a seeded byte stream, so statistical tests repeat exactly.</summary>
internal sealed class SeededUniform(int seed) : IUniformSource
{
    private readonly Random _random = new(seed);

    public BigInteger Below(BigInteger n) => UniformRejection.Below(n, _random.NextBytes);
}
