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
/// <para>
/// A third estimate is the forward overhead: what a forward to the site took beyond the latency model's round trip and
/// the queue and execution the site reported (serialisation, the peer's scheduling, a congested path). The model is a
/// fit to distances and never sees that; a gateway does, on every forward. Sites not yet forwarded to get the
/// gateway's mean over the others. The gateway's own site is never charged one: nothing crosses a link. Alongside the
/// mean goes its spread (an EWMA of each forward's distance from the mean), for the router to weigh the risk of a
/// forward and not only its cost.
/// </para>
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
    private readonly double[] _forwardSpreadMs;
    private readonly bool[] _forwardedTo;
    private double _overallSlowdown = 1.0;
    private double _overallForwardOverheadMs;
    private double _overallForwardSpreadMs;
    private int _self = -1;

    public SiteLoadEstimates(int siteCount, double smoothing = DefaultSmoothing)
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
        _forwardSpreadMs = new double[siteCount];
        _forwardedTo = new bool[siteCount];
        Array.Fill(_execSlowdown, 1.0);
    }

    public int SiteCount => _queueWaitMs.Length;

    public double Smoothing { get; }

    public double QueueWaitMs(int site) => _queueWaitMs[site];

    /// <summary>The site's own ratio once it has answered; until then, the gateway's ratio over every site.</summary>
    public double ExecSlowdown(int site) => _heardFrom[site] ? _execSlowdown[site] : _overallSlowdown;

    public int Outstanding(int site) => _outstanding[site];

    /// <summary>
    /// The site these estimates belong to (a gateway's own), or −1 for none (the simulator). It is never charged a
    /// forward overhead, and <see cref="ObserveLiveQueue"/> sets its queue wait.
    /// </summary>
    public int Self
    {
        get => _self;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, SiteCount);
            _self = value;
        }
    }

    /// <summary>The measured cost of a forward to the site beyond the model's round trip, ms; 0 for <see cref="Self"/>.</summary>
    public double ForwardOverheadMs(int site) =>
        site == _self ? 0 : _forwardedTo[site] ? _forwardOverheadMs[site] : _overallForwardOverheadMs;

    /// <summary>How far a forward's overhead to the site strays from its mean, ms (EWMA of the absolute deviation); 0 for <see cref="Self"/>.</summary>
    public double ForwardSpreadMs(int site) =>
        site == _self ? 0 : _forwardedTo[site] ? _forwardSpreadMs[site] : _overallForwardSpreadMs;

    /// <summary>
    /// Expected queue wait plus execution at <paramref name="site"/> for a function whose expected execution is
    /// <paramref name="expectedExecMs"/>, plus the forward overhead measured to it.
    /// </summary>
    public double ExpectedServiceMs(int site, double expectedExecMs) =>
        _queueWaitMs[site] + (expectedExecMs * ExecSlowdown(site)) + ForwardOverheadMs(site);

    /// <summary>
    /// The queue wait a site knows exactly because it is the gateway's own (its executor's live prediction): replaces
    /// the estimate outright. An EWMA of past responses lags a burst's start and end by several requests, and
    /// measured in `bunsan demo` it sent Osaka's requests to Kyoto while Osaka's own cores were free.
    /// </summary>
    public void ObserveLiveQueue(int site, double queueWaitMs)
    {
        if (site != _self)
        {
            throw new ArgumentOutOfRangeException(nameof(site), site, "only the gateway's own site has a live queue");
        }
        _queueWaitMs[site] = Math.Max(0, queueWaitMs);
    }

    /// <summary>
    /// Feeds one forward's overhead: its round trip as the gateway measured it, less the model's round trip and the
    /// queue and execution the site reported (clamped at 0). A forward that timed out feeds its lower bound.
    /// </summary>
    public void ObserveForwardOverhead(int site, double overheadMs)
    {
        if (site == _self || !double.IsFinite(overheadMs))
        {
            return;
        }
        double x = Math.Max(0, overheadMs);
        // The spread first: each observation's distance from the mean as it stood (a site's first starts from the overall).
        double a = Smoothing;
        if (!_forwardedTo[site])
        {
            _forwardSpreadMs[site] = _overallForwardSpreadMs;
        }
        _forwardSpreadMs[site] += a * (Math.Abs(x - ForwardOverheadMs(site)) - _forwardSpreadMs[site]);
        _overallForwardSpreadMs += a * (Math.Abs(x - _overallForwardOverheadMs) - _overallForwardSpreadMs);
        ObserveSeeded(_forwardOverheadMs, _forwardedTo, ref _overallForwardOverheadMs, site, x);
    }

    /// <summary>Feeds one response: the queue wait and execution time the site reported.</summary>
    public void ObserveResponse(int site, double queueWaitMs, double execMs, double expectedExecMs)
    {
        _queueWaitMs[site] += Smoothing * (queueWaitMs - _queueWaitMs[site]);
        if (expectedExecMs > 0)
        {
            ObserveSeeded(_execSlowdown, _heardFrom, ref _overallSlowdown, site, execMs / expectedExecMs);
        }
    }

    /// <summary>
    /// One observation of a per-site EWMA that also keeps the gateway's overall EWMA: a site's first observation starts
    /// from the overall value rather than from the prior, since a site not yet heard from is assumed like the others.
    /// </summary>
    private void ObserveSeeded(double[] perSite, bool[] seen, ref double overall, int site, double x)
    {
        double a = Smoothing;
        if (!seen[site])
        {
            perSite[site] = overall;
            seen[site] = true;
        }
        perSite[site] += a * (x - perSite[site]);
        overall += a * (x - overall);
    }

    /// <summary>Feeds a rejection: the site's predicted queue wait is the freshest load signal there is.</summary>
    public void ObserveRejection(int site, double predictedQueueWaitMs) =>
        _queueWaitMs[site] += Smoothing * (predictedQueueWaitMs - _queueWaitMs[site]);

    /// <summary>
    /// Takes over what <paramref name="previous"/> learned (a gateway's estimates under the last plan) for the sites
    /// both know: queue wait, execution slowdown and forward overhead (mean and spread), per site and overall. Outstanding counts stay
    /// with <paramref name="previous"/>, whose requests finish there. Why: a new plan arrives exactly when load moves
    /// (the control plane re-places on ingress), and starting from the priors then forgot every slow site and peer
    /// the moment the knowledge mattered.
    /// </summary>
    /// <param name="previous">The estimates to copy from.</param>
    /// <param name="previousIndexOf">For each site here, its index in <paramref name="previous"/>, or −1 if it is new.</param>
    public void CarryOver(SiteLoadEstimates previous, ReadOnlySpan<int> previousIndexOf)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (previousIndexOf.Length != SiteCount)
        {
            throw new ArgumentException($"needs one index per site ({SiteCount}), got {previousIndexOf.Length}", nameof(previousIndexOf));
        }
        for (int site = 0; site < SiteCount; site++)
        {
            int from = previousIndexOf[site];
            if (from < 0)
            {
                continue;
            }
            _queueWaitMs[site] = previous._queueWaitMs[from];
            _execSlowdown[site] = previous._execSlowdown[from];
            _heardFrom[site] = previous._heardFrom[from];
            _forwardOverheadMs[site] = previous._forwardOverheadMs[from];
            _forwardSpreadMs[site] = previous._forwardSpreadMs[from];
            _forwardedTo[site] = previous._forwardedTo[from];
        }
        _overallSlowdown = previous._overallSlowdown;
        _overallForwardOverheadMs = previous._overallForwardOverheadMs;
        _overallForwardSpreadMs = previous._overallForwardSpreadMs;
    }

    public void RequestSent(int site) => _outstanding[site]++;

    public void RequestAnswered(int site) => _outstanding[site]--;
}
