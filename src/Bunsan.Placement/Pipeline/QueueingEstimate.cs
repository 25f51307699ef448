namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Expected queue wait at a site, from its utilisation and how many invocations it runs at once.
/// Uses Sakasegawa's approximation for an M/M/c queue (Sakasegawa 1977, as in Hopp &amp; Spearman,
/// Factory Physics): Wq ≈ service · ρ^(√(2(c+1)) − 1) / (c · (1 − ρ)), exact for c = 1 (M/M/1). With 64 slots at
/// ρ = 0.5 the wait is ~2·10⁻⁵ of the service time; at ρ = 0.9, ~5%; a single slot at ρ = 0.5 waits one service time.
/// </summary>
public static class QueueingEstimate
{
    /// <param name="utilisation">Fraction of the site busy (0..1); 1 or more means the queue grows without bound.</param>
    /// <param name="slots">Invocations the site can run at once (cores / cores per invocation), at least 1.</param>
    /// <param name="serviceMs">Mean execution time; p50 is our estimate of it.</param>
    public static double WaitMs(double utilisation, double slots, double serviceMs)
    {
        if (!(utilisation > 0) || serviceMs <= 0)
        {
            return 0;
        }
        if (utilisation >= 1)
        {
            return double.PositiveInfinity;
        }
        double c = Math.Max(1, slots);
        return serviceMs * Math.Pow(utilisation, Math.Sqrt(2 * (c + 1)) - 1) / (c * (1 - utilisation));
    }
}
