namespace Bunsan.Simulation.Demand;

/// <summary>
/// Seeded, platform-stable hashing and random numbers for demand generation. string.GetHashCode is randomised per
/// process and System.Random's algorithm is an implementation detail, so both are avoided: results must be the same
/// on every machine and .NET version for a given seed.
/// </summary>
internal static class SeededHash
{
    /// <summary>SplitMix64 finaliser (Steele et al., OOPSLA 2014): a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="key"/>, mixed with the seed.</summary>
    public static ulong Of(string key, int seed)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in key)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }
        return Mix(h ^ Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL));
    }

    /// <summary>Maps 64 random bits to a double uniform in [0, 1) (53-bit mantissa).</summary>
    public static double Unit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}

/// <summary>SplitMix64 generator: 8 bytes of state, ~1 ns per draw, deterministic per seed.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextBits()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return SeededHash.Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => SeededHash.Unit(NextBits());
}
