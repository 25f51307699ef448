using System.Runtime.InteropServices;

namespace Bunsan.Federation.SecureAggregation;

/// <summary>The coordinator's side: add every party's masked vector modulo 2^64, then read the sum as signed.</summary>
public static class MaskedSum
{
    /// <summary>
    /// The element-wise sum modulo 2^64. Only the sum of ALL parties' vectors is meaningful: with one missing, the
    /// masks it shared do not cancel and the result is uniformly random garbage, so the coordinator must check it
    /// holds every party's vector (and fail the query, naming the missing parties) before calling this.
    /// </summary>
    public static ulong[] Add(IEnumerable<ulong[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ulong[]? sum = null;
        int position = 0;
        foreach (ulong[] vector in vectors)
        {
            if (sum is null)
            {
                sum = (ulong[])vector.Clone();
            }
            else if (vector.Length != sum.Length)
            {
                throw new ArgumentException($"masked vector {position} has {vector.Length} elements, vector 0 has {sum.Length}: all parties mask the same fragment", nameof(vectors));
            }
            else
            {
                ModularVector.AddInto(sum, vector);
            }
            position++;
        }
        return sum ?? throw new ArgumentException("no masked vectors to add", nameof(vectors));
    }

    /// <summary>
    /// The sum as signed 64-bit integers (two's complement). Exact when every party's partials passed
    /// <see cref="FixedPointRange.Problem"/>, since then the true sum lies in [−(2^63 − 1), 2^63 − 1].
    /// </summary>
    public static long[] Decode(ReadOnlySpan<ulong> sum) => MemoryMarshal.Cast<ulong, long>(sum).ToArray();
}
