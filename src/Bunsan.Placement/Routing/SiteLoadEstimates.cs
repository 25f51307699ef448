namespace Bunsan.Placement.Routing;

/// <summary>
/// A gateway's live view of each site's load, in flat arrays indexed like the topology's sites:
/// an EWMA of the queue wait responses report (<c>Bunsan-Queue-Ms</c>), an EWMA of the ratio of
/// reported execution time to the function's expected time (<c>Bunsan-Exec-Ms</c>; 1 = as expected),
/// an EWMA of each forward's cost beyond the model (the hop overhead: a forward's measured round trip minus the
/// modelled link latency and the site's reported queue and execution — processing, serialisation, the peer's
/// scheduling; zero until a forward to the site is measured, so the simulator, which forwards nothing, sees none),
/// and the requests sent and not yet answered. Updating costs a few flops; nothing allocates.
/// </summary>
public sealed class SiteLoadEstimates
{
    /// <summary>Default EWMA weight of a new observation: 0.2 follows a step change within ~10 responses.</summary>
    public const double DefaultSmoothing = 0.2;

    private readonly double[] _queueWaitMs;
    private readonly double[] _execSlowdown;
    private readonly double[] _hopOverheadMs;
    private readonly int[] _outstanding;

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
        _hopOverheadMs = new double[siteCount];
        _outstanding = new int[siteCount];
        Array.Fill(_execSlowdown, 1.0);
    }

    public int SiteCount => _queueWaitMs.Length;

    public double Smoothing { get; }

    public double QueueWaitMs(int site) => _queueWaitMs[site];

    public double ExecSlowdown(int site) => _execSlowdown[site];

    public int Outstanding(int site) => _outstanding[site];

    public double HopOverheadMs(int site) => _hopOverheadMs[site];

    /// <summary>
    /// Expected time at <paramref name="site"/> beyond the modelled network for a function whose expected execution is
    /// <paramref name="expectedExecMs"/>: the hop's measured overhead, the queue wait and the execution.
    /// </summary>
    public double ExpectedServiceMs(int site, double expectedExecMs) =>
        _hopOverheadMs[site] + _queueWaitMs[site] + (expectedExecMs * _execSlowdown[site]);

    /// <summary>Feeds one forward's overhead: its measured round trip minus the modelled link and the site's queue and execution (ms, ≥ 0).</summary>
    public void ObserveHop(int site, double overheadMs) =>
        _hopOverheadMs[site] += Smoothing * (Math.Max(0, overheadMs) - _hopOverheadMs[site]);

    /// <summary>Feeds one response: the queue wait and execution time the site reported.</summary>
    public void ObserveResponse(int site, double queueWaitMs, double execMs, double expectedExecMs)
    {
        double a = Smoothing;
        _queueWaitMs[site] += a * (queueWaitMs - _queueWaitMs[site]);
        if (expectedExecMs > 0)
        {
            _execSlowdown[site] += a * ((execMs / expectedExecMs) - _execSlowdown[site]);
        }
    }

    /// <summary>Feeds a rejection: the site's predicted queue wait is the freshest load signal there is.</summary>
    public void ObserveRejection(int site, double predictedQueueWaitMs) =>
        _queueWaitMs[site] += Smoothing * (predictedQueueWaitMs - _queueWaitMs[site]);

    public void RequestSent(int site) => _outstanding[site]++;

    public void RequestAnswered(int site) => _outstanding[site]--;
}
