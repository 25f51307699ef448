using System.Numerics;

namespace Bunsan.Federation.SecureAggregation;

/// <summary>
/// Element-wise addition and subtraction modulo 2^64 (unsigned integer arithmetic wraps in C#, in SIMD lanes too).
/// Explicitly vectorised: 50 parties × 49 masks × 10,000 elements is 24.5 million additions per query.
/// </summary>
internal static class ModularVector
{
    public static void AddInto(Span<ulong> accumulator, ReadOnlySpan<ulong> addend)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= accumulator.Length - Vector<ulong>.Count; i += Vector<ulong>.Count)
            {
                (new Vector<ulong>(accumulator[i..]) + new Vector<ulong>(addend[i..])).CopyTo(accumulator[i..]);
            }
        }
        for (; i < accumulator.Length; i++)
        {
            accumulator[i] += addend[i];
        }
    }

    public static void SubtractFrom(Span<ulong> accumulator, ReadOnlySpan<ulong> subtrahend)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= accumulator.Length - Vector<ulong>.Count; i += Vector<ulong>.Count)
            {
                (new Vector<ulong>(accumulator[i..]) - new Vector<ulong>(subtrahend[i..])).CopyTo(accumulator[i..]);
            }
        }
        for (; i < accumulator.Length; i++)
        {
            accumulator[i] -= subtrahend[i];
        }
    }
}
