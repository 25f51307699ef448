namespace Bunsan.Placement.Routing;

/// <summary>
/// A gateway's live view of each site's load, in flat arrays indexed like the topology's sites:
/// an EWMA of the queue wait responses report (<c>Bunsan-Queue-Ms</c>), an EWMA of the ratio of
/// reported execution time to the function's expected time (<c>Bunsan-Exec-Ms</c>; 1 = as expected),
/// and the requests sent and not yet answered. Updating costs a few flops; nothing allocates.
/// A site not yet heard from is assumed as slow as the gateway's responses have been overall, not "as expected":
/// execution times vary by request far more than by site (the Azure trace's durations within one function span
/// orders of magnitude), so the sites a gateway uses most collect a ratio above 1 while the rest kept the prior of 1
/// and looked faster than the local replica — measured in `bunsan demo`: gateways forwarded to remote replicas the
/// budget could not cover instead of answering locally.
/// </summary>
public sealed class SiteLoadEstimates
{
    /// <summary>Default EWMA weight of a new observation: 0.2 follows a step change within ~10 responses.</summary>
    public const double DefaultSmoothing = 0.2;

    private readonly double[] _queueWaitMs;
    private readonly double[] _execSlowdown;
    private readonly int[] _outstanding;
    private readonly bool[] _heardFrom;
    private readonly double[] _forwardOverheadMs;
    private readonly bool[] _forwardedTo;
    private readonly int _localSite;
    private double _overallForwardOverheadMs;
    private double _overallSlowdown = 1.0;

    /// <param name="localSite">The gateway's own site (never forwarded to: no forward overhead), or -1 for none.</param>
    public SiteLoadEstimates(int siteCount, double smoothing = DefaultSmoothing, int localSite = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(siteCount);
        if (!(smoothing > 0 && smoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "smoothing must be in (0, 1]");
        }
        Smoothing = smoothing;
        _queueWaitMs = new double[siteCount];
        _execSlowdown = new double[siteCount];
        _outstanding = new int[siteCount];
        _heardFrom = new bool[siteCount];
        _forwardOverheadMs = new double[siteCount];
        _forwardedTo = new bool[siteCount];
        ArgumentOutOfRangeException.ThrowIfLessThan(localSite, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(localSite, siteCount);
        _localSite = localSite;
        Array.Fill(_execSlowdown, 1.0);
    }

    public int SiteCount => _queueWaitMs.Length;

    public double Smoothing { get; }

    public double QueueWaitMs(int site) => _queueWaitMs[site];

    /// <summary>The site's own ratio once it has answered; until then, the gateway's ratio over every site.</summary>
    public double ExecSlowdown(int site) => _heardFrom[site] ? _execSlowdown[site] : _overallSlowdown;

    public int Outstanding(int site) => _outstanding[site];

    /// <summary>
    /// What a forward to the site has cost beyond the modelled round trip, the queue and the execution; for a site not
    /// yet forwarded to, what forwards have cost overall (so an unused peer does not look free); 0 for the local site.
    /// </summary>
    public double ForwardOverheadMs(int site) =>
        site == _localSite ? 0 : _forwardedTo[site] ? _forwardOverheadMs[site] : _overallForwardOverheadMs;

    /// <summary>
    /// Expected time at <paramref name="site"/> beyond the modelled round trip, for a function whose expected execution is
    /// <paramref name="expectedExecMs"/>: queue wait, execution, and what forwards there have cost on top.
    /// </summary>
    public double ExpectedServiceMs(int site, double expectedExecMs) => _queueWaitMs[site] + (expectedExecMs * ExecSlowdown(site)) + ForwardOverheadMs(site);

    /// <summary>
    /// Feeds one forward's cost beyond the model: its measured round trip minus the modelled one, the queue and the
    /// execution the site reported (or, for a forward that timed out, what it was given beyond the modelled round trip:
    /// a lower bound). A network is never exactly its model — proxies, congestion, a busy peer's stack — and a router
    /// that trusts the model keeps sending requests a local replica would have answered in time to peers that cannot.
    /// </summary>
    public void ObserveForward(int site, double overheadMs)
    {
        double observed = Math.Max(0, overheadMs);
        if (!_forwardedTo[site])
        {
            _forwardOverheadMs[site] = _overallForwardOverheadMs;
            _forwardedTo[site] = true;
        }
        _forwardOverheadMs[site] += Smoothing * (observed - _forwardOverheadMs[site]);
        _overallForwardOverheadMs += Smoothing * (observed - _overallForwardOverheadMs);
    }

    /// <summary>Feeds one response: the queue wait and execution time the site reported.</summary>
    public void ObserveResponse(int site, double queueWaitMs, double execMs, double expectedExecMs)
    {
        double a = Smoothing;
        _queueWaitMs[site] += a * (queueWaitMs - _queueWaitMs[site]);
        if (expectedExecMs > 0)
        {
            double ratio = execMs / expectedExecMs;
            if (!_heardFrom[site])
            {
                // Start from what the gateway knows rather than from 1.
                _execSlowdown[site] = _overallSlowdown;
                _heardFrom[site] = true;
            }
            _execSlowdown[site] += a * (ratio - _execSlowdown[site]);
            _overallSlowdown += a * (ratio - _overallSlowdown);
        }
    }

    /// <summary>Feeds a rejection: the site's predicted queue wait is the freshest load signal there is.</summary>
    public void ObserveRejection(int site, double predictedQueueWaitMs) =>
        _queueWaitMs[site] += Smoothing * (predictedQueueWaitMs - _queueWaitMs[site]);

    public void RequestSent(int site) => _outstanding[site]++;

    public void RequestAnswered(int site) => _outstanding[site]--;
}
