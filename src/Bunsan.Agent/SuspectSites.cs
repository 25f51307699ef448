namespace Bunsan.Agent;

/// <summary>
/// Passive failure detection at a gateway: a peer whose forward failed at the transport (refused, reset, died
/// mid-answer) is suspect for a while, and candidates are tried with suspects last — so the requests after the
/// first failure do not spend their budget on a dead site before the control plane's heartbeat timeout declares it
/// down and a new plan routes around it. Suspicion is not exclusion: when only suspects are left, they are still tried
/// (a false suspicion must not refuse work). Each repeated failure doubles the window (up to <see cref="MaxWindow"/>);
/// an answer clears it. Per gateway, so per plan: the next plan carries the control plane's own verdict.
/// </summary>
internal sealed class SuspectSites(int siteCount, TimeProvider? clock = null)
{
    public static readonly TimeSpan FirstWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(8);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long[] _suspectUntil = new long[siteCount];
    private readonly long[] _windowTicks = new long[siteCount];

    public bool IsSuspect(int site) => _clock.GetUtcNow().UtcTicks < Volatile.Read(ref _suspectUntil[site]);

    public void Failed(int site)
    {
        long window = Math.Min(Math.Max(FirstWindow.Ticks, Volatile.Read(ref _windowTicks[site]) * 2), MaxWindow.Ticks);
        Volatile.Write(ref _windowTicks[site], window);
        Volatile.Write(ref _suspectUntil[site], _clock.GetUtcNow().UtcTicks + window);
    }

    public void Answered(int site)
    {
        if (Volatile.Read(ref _windowTicks[site]) != 0)
        {
            Volatile.Write(ref _windowTicks[site], 0);
            Volatile.Write(ref _suspectUntil[site], 0);
        }
    }

    /// <summary>Moves suspect sites to the end, keeping the router's order among the rest (a stable partition).</summary>
    public void Demote(Span<int> candidates)
    {
        int kept = 0;
        Span<int> suspects = stackalloc int[candidates.Length];
        int suspectCount = 0;
        foreach (int site in candidates)
        {
            if (IsSuspect(site))
            {
                suspects[suspectCount++] = site;
            }
            else
            {
                candidates[kept++] = site;
            }
        }
        suspects[..suspectCount].CopyTo(candidates[kept..]);
    }
}
