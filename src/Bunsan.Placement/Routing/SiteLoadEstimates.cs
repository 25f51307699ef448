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
    private double _overallSlowdown = 1.0;

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
        Array.Fill(_execSlowdown, 1.0);
    }

    public int SiteCount => _queueWaitMs.Length;

    public double Smoothing { get; }

    public double QueueWaitMs(int site) => _queueWaitMs[site];

    /// <summary>The site's own ratio once it has answered; until then, the gateway's ratio over every site.</summary>
    public double ExecSlowdown(int site) => _heardFrom[site] ? _execSlowdown[site] : _overallSlowdown;

    public int Outstanding(int site) => _outstanding[site];

    /// <summary>Expected queue wait plus execution at <paramref name="site"/> for a function whose expected execution is <paramref name="expectedExecMs"/>.</summary>
    public double ExpectedServiceMs(int site, double expectedExecMs) => _queueWaitMs[site] + (expectedExecMs * ExecSlowdown(site));

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
