namespace Bunsan.Placement.Routing;

/// <summary>
/// A seeded, allocation-free random source for routing decisions (SplitMix64: one multiply-xorshift
/// round per draw, ~1 ns). A struct passed by <c>ref</c>, so tests and the simulator replay decisions exactly.
/// </summary>
public struct RouterRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>) by Lemire's multiply-shift (bias below 2^-32 for lists this short).</summary>
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)(uint)maxExclusive) >> 32);

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A stateless draw keyed by (seed, index): the simulator gives request i the same randomness under every strategy.</summary>
    public static ulong Hash(ulong seed, ulong index)
    {
        var r = new RouterRandom(seed ^ (index * 0xD1B54A32D192ED03UL));
        return r.NextUInt64();
    }
}
