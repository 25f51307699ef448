using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>
/// The only randomness the exact samplers use: a uniform integer in [0, n). Production noise uses
/// <see cref="CryptoUniform"/>; tests inject a seeded source so their statistical checks are repeatable.
/// </summary>
public interface IUniformSource
{
    /// <summary>A uniform integer in [0, <paramref name="n"/>); <paramref name="n"/> must be positive.</summary>
    BigInteger Below(BigInteger n);
}
