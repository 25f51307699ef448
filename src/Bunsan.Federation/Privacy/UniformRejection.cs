using System.Numerics;

namespace Bunsan.Federation.Privacy;

/// <summary>Fills a buffer with uniformly random bytes.</summary>
internal delegate void RandomBytes(Span<byte> destination);

/// <summary>
/// Uniform integers in [0, n) from uniform bytes by rejection: draw just enough bits for n − 1 and retry when the
/// draw is ≥ n. Reducing a wider draw modulo n would favour small residues; rejection has no bias, and since
/// 2^bits &lt; 2n each try succeeds with probability above 1/2.
/// </summary>
internal static class UniformRejection
{
    public static BigInteger Below(BigInteger n, RandomBytes fill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(n, BigInteger.Zero);
        if (n.IsOne)
        {
            return BigInteger.Zero;
        }
        long bits = (n - 1).GetBitLength();
        int bytes = checked((int)((bits + 7) / 8));
        int topBits = (int)(bits % 8);
        byte topMask = topBits == 0 ? (byte)0xFF : (byte)((1 << topBits) - 1);
        Span<byte> buffer = bytes <= 64 ? stackalloc byte[bytes] : new byte[bytes];
        while (true)
        {
            fill(buffer);
            buffer[^1] &= topMask; // little-endian: the last byte is the most significant
            var candidate = new BigInteger(buffer, isUnsigned: true, isBigEndian: false);
            if (candidate < n)
            {
                return candidate;
            }
        }
    }
}
