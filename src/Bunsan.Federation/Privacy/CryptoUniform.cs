using System.Numerics;
using System.Security.Cryptography;

namespace Bunsan.Federation.Privacy;

/// <summary>Uniform integers from the operating system's cryptographic generator: the source for released noise.</summary>
public sealed class CryptoUniform : IUniformSource
{
    private static readonly RandomBytes Fill = RandomNumberGenerator.Fill;

    public static CryptoUniform Instance { get; } = new();

    public BigInteger Below(BigInteger n) => UniformRejection.Below(n, Fill);
}
