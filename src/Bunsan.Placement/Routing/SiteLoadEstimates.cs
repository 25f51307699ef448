namespace Bunsan.Placement.Routing;

/// <summary>
/// A gateway's live view of each site's load, in flat arrays indexed like the topology's sites:
/// an EWMA of the queue wait responses report (<c>Bunsan-Queue-Ms</c>), an EWMA of the ratio of
/// reported execution time to the function's expected time (<c>Bunsan-Exec-Ms</c>; 1 = as expected),
/// and the requests sent and not yet answered. Updating costs a few flops; nothing allocates.
/// </summary>
public sealed class SiteLoadEstimates
{
    /// <summary>Default EWMA weight of a new observation: 0.2 follows a step change within ~10 responses.</summary>
    public const double DefaultSmoothing = 0.2;

    private readonly double[] _queueWaitMs;
    private readonly double[] _execSlowdown;
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
        _outstanding = new int[siteCount];
        Array.Fill(_execSlowdown, 1.0);
    }

    public int SiteCount => _queueWaitMs.Length;

    public double Smoothing { get; }

    public double QueueWaitMs(int site) => _queueWaitMs[site];

    public double ExecSlowdown(int site) => _execSlowdown[site];

    public int Outstanding(int site) => _outstanding[site];

    /// <summary>Expected queue wait plus execution at <paramref name="site"/> for a function whose expected execution is <paramref name="expectedExecMs"/>.</summary>
    public double ExpectedServiceMs(int site, double expectedExecMs) => _queueWaitMs[site] + (expectedExecMs * _execSlowdown[site]);

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
