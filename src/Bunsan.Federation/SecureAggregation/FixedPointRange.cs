namespace Bunsan.Federation.SecureAggregation;

/// <summary>
/// The range a site's partial must lie in before masking. Masked arithmetic is modulo 2^64, where every value is a
/// valid residue: a sum that wrapped around would decode to a wrong total and nothing could tell. So instead of
/// detecting wrap-around this makes it impossible: if each of n parties' partials satisfies |p| ≤ ⌊(2^63 − 1)/n⌋,
/// then |sum| ≤ 2^63 − 1 and <see cref="MaskedSum.Decode"/> is exact. Each site checks its own partials (in Int128,
/// before narrowing to long); an honest-but-curious model assumes sites do.
/// </summary>
public static class FixedPointRange
{
    /// <summary>The largest |partial| allowed for <paramref name="parties"/> parties: ⌊(2^63 − 1) / parties⌋.</summary>
    public static long Limit(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parties);
        return long.MaxValue / parties;
    }

    /// <summary>Null when the partial is in range; otherwise a message naming the limit and the fix.</summary>
    public static string? Problem(Int128 partial, int parties)
    {
        long limit = Limit(parties);
        if (partial <= limit && partial >= -limit)
        {
            return null;
        }
        return $"partial {partial} is outside ±{limit} ((2^63 − 1) / {parties} parties), so the masked sum could wrap around modulo 2^64: clamp the column to a narrower range or use fewer fixed-point digits";
    }
}
