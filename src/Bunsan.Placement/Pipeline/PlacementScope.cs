using System.Buffers;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;

namespace Bunsan.Placement.Pipeline;

/// <summary>What one placement learnt about a site: which stage it reached and the deadline evidence.</summary>
internal struct SiteEvidence
{
    public SiteProgress Progress;
    public int FeasibleDemand;
    public double BestTotalMs;
    public double BestRttMs;
    public double NearestDemandCosine;
    public int NearestDemand;
    public int Candidate;
}

internal enum SiteProgress : byte
{
    NotExamined,
    Rejected,
    Passed,
}

/// <summary>
/// The per-call working set of one placement: the request, the function's derived numbers, and
/// per-site evidence that filters and scorers read. Per-site arrays are rented (10,000 sites ≈ 400 KB)
/// and returned on <see cref="Dispose"/>, so a placement allocates little beyond its verdicts.
/// </summary>
public sealed class PlacementScope : IDisposable
{
    private SiteEvidence[] _evidence;

    internal PlacementScope(PlacementContext context, PlacementRequest request, SiteIndex index, PlacementOptions options)
    {
        Context = context;
        Request = request;
        Index = index;
        Options = options;
        var f = request.Function;
        BudgetMs = f.Class.BudgetMs;
        double rps = 0;
        foreach (var d in request.Demand)
        {
            rps += Math.Max(0, d.RequestsPerSecond);
        }
        TotalDemandRps = rps;
        MaxReplicas = Math.Max(1, f.MaxReplicas);
        _evidence = ArrayPool<SiteEvidence>.Shared.Rent(index.SiteCount);
        Array.Clear(_evidence, 0, index.SiteCount);
    }

    public PlacementContext Context { get; }

    public PlacementRequest Request { get; }

    public FunctionSpec Function => Request.Function;

    public SiteIndex Index { get; }

    public PlacementOptions Options { get; }

    /// <summary>The function's end-to-end budget; +∞ for batch.</summary>
    public double BudgetMs { get; }

    public bool HasDeadline => Function.Class.HasDeadline;

    public double TotalDemandRps { get; }

    public int MaxReplicas { get; }

    /// <summary>
    /// Invocations a replica runs at once if the demand were spread evenly over the most replicas
    /// allowed (Little's law: rate × p50), at least one: the least any replica will need.
    /// </summary>
    public double MinimumConcurrency => Math.Max(1, Math.Ceiling(TotalDemandRps / MaxReplicas * Function.Execution.P50Ms / 1000));

    public Site SiteAt(int siteIndex) => Context.Topology.Sites[siteIndex];

    public double UtilisationOf(int siteIndex) => Math.Clamp(Context.UtilisationOf(siteIndex), 0, 1);

    /// <summary>Invocations of this function the whole site can run at once.</summary>
    public double SlotsAt(int siteIndex)
    {
        var capacity = SiteAt(siteIndex).Capacity;
        var need = Function.Resources;
        double byCores = need.Cores > 0 ? capacity.Cores / need.Cores : double.PositiveInfinity;
        double byMemory = need.MemoryMiB > 0 ? capacity.MemoryGiB * 1024 / need.MemoryMiB : double.PositiveInfinity;
        return Math.Floor(Math.Min(byCores, byMemory));
    }

    /// <summary>Invocations of this function the site's free share can run at once.</summary>
    /// <remarks>The 1e-9 keeps 10 slots × (1 − 0.9) = 0.99999… from flooring to 0.</remarks>
    public double FreeSlotsAt(int siteIndex) => Math.Floor((SlotsAt(siteIndex) * (1 - UtilisationOf(siteIndex))) + 1e-9);

    /// <summary>
    /// Requests per second the site absorbs before reaching the target utilisation (its slots × the
    /// share left under the target / p50 execution).
    /// </summary>
    public double MaxRpsAt(int siteIndex)
    {
        double p50s = Function.Execution.P50Ms / 1000;
        double share = Math.Max(0, Options.TargetUtilisation - UtilisationOf(siteIndex));
        return p50s > 0 ? SlotsAt(siteIndex) * share / p50s : double.PositiveInfinity;
    }

    public double QueueMsAt(int siteIndex) =>
        QueueingEstimate.WaitMs(UtilisationOf(siteIndex), SlotsAt(siteIndex), Function.Execution.P50Ms);

    /// <summary>Predicted RTT + p99 execution + expected queueing from a demand point to a site.</summary>
    public double TotalMs(int demandIndex, int siteIndex, out double rttMs, out double queueMs)
    {
        rttMs = Context.Latency.RttMs(Request.Demand[demandIndex].Origin, SiteAt(siteIndex).Location);
        queueMs = QueueMsAt(siteIndex);
        return rttMs + Function.Execution.P99Ms + queueMs;
    }

    internal ref SiteEvidence EvidenceOf(int siteIndex) => ref _evidence[siteIndex];

    /// <summary>How many demand points the search found this site can serve within the budget.</summary>
    public int FeasibleDemandAt(int siteIndex) => _evidence[siteIndex].FeasibleDemand;

    /// <summary>The best RTT + p99 + queue the search saw from any demand point; +∞ if none was in reach.</summary>
    public double BestTotalMsAt(int siteIndex) => _evidence[siteIndex].BestTotalMs;

    public double BestRttMsAt(int siteIndex) => _evidence[siteIndex].BestRttMs;

    /// <summary>The demand point nearest this site among those whose search reached it; -1 if none did.</summary>
    public int NearestDemandAt(int siteIndex) =>
        _evidence[siteIndex].NearestDemandCosine < -1 ? -1 : _evidence[siteIndex].NearestDemand;

    /// <summary>Distance to the nearest demand point whose search reached this site's cell; +∞ if none did.</summary>
    public double NearestDemandKmAt(int siteIndex)
    {
        double cosine = _evidence[siteIndex].NearestDemandCosine;
        return cosine < -1 ? double.PositiveInfinity : Math.Acos(Math.Min(1, cosine)) * Core.Geo.GeoPoint.EarthRadiusKm;
    }

    public void Dispose()
    {
        if (_evidence.Length > 0)
        {
            ArrayPool<SiteEvidence>.Shared.Return(_evidence);
            _evidence = [];
        }
    }
}
