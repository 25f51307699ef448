using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Placement.Filters;
using Bunsan.Placement.Scorers;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Places one function: search around the demand (site filters, then the deadline filter), score the
/// kept sites, choose replicas by greedy set cover with a resilience pass, and keep a verdict for every
/// site examined. A pure function of its inputs: the same snapshot and request give the same decision.
/// Thread-safe: all per-call state lives in a <see cref="PlacementScope"/>.
/// </summary>
public sealed class PlacementPipeline : IPlacementPipeline
{
    private readonly ImmutableArray<ISiteFilter> _filters;

    public PlacementPipeline(PlacementOptions? options = null)
    {
        Options = options ?? PlacementOptions.Default;
        if (!(Options.TotalWeight > 0))
        {
            throw new ArgumentException("at least one scorer weight must be above 0", nameof(options));
        }
        _filters = [.. Options.Filters.Select(PlacementComponents.Filter)];
    }

    public PlacementOptions Options { get; }

    /// <summary>
    /// Why a site fails one of the site filters (health, residency, capacity; not the deadline) for this request,
    /// or null when it passes them all: how a caller judges the replicas it already has without a search.
    /// </summary>
    public string? RejectionOf(PlacementContext context, PlacementRequest request, int siteIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(siteIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(siteIndex, context.Topology.Sites.Length);
        using var scope = new PlacementScope(context, request with { Demand = request.Demand.IsDefault ? [] : request.Demand }, SiteIndex.For(context.Topology), Options);
        foreach (ISiteFilter filter in _filters)
        {
            if (filter.Reject(scope, siteIndex) is { } reason)
            {
                return reason;
            }
        }
        return null;
    }

    public PlacementDecision Place(PlacementContext context, PlacementRequest request)
    {
        var demand = request.Demand.IsDefault ? [] : request.Demand;
        request = request with { Demand = demand };
        using var scope = new PlacementScope(context, request, SiteIndex.For(context.Topology), Options);
        var search = new DemandSearch(scope, _filters);
        search.Run();

        var verdicts = new List<SiteVerdict>(search.ExaminedCount);
        verdicts.AddRange(search.Rejected);
        var kept = new List<int>(search.Passed.Count);
        foreach (int site in search.Passed)
        {
            string? reason = DeadlineFilter.Instance.Reject(scope, site);
            if (reason is null)
            {
                kept.Add(site);
            }
            else
            {
                verdicts.Add(UnexaminedVerdicts.Judge(scope, site));
            }
        }
        search.CompleteCoverage(kept);
        if (search.EverySiteServesAll)
        {
            int metros = kept.Select(scope.Index.MetroOf).Distinct().Take(2).Count();
            Array.Fill(search.FeasibleSites, kept.Count);
            Array.Fill(search.FeasibleMetros, metros);
        }

        var candidates = new Candidates(scope, kept, demand.Length, search.EverySiteServesAll, search.FeasiblePairs);
        var chosen = new ReplicaSelector(scope, candidates)
            .Select(Math.Max(0, request.Function.MinReplicas), scope.MaxReplicas, search.FeasibleSites, search.FeasibleMetros);

        var replicas = ImmutableArray.CreateBuilder<Replica>(chosen.Count);
        var isChosen = new HashSet<int>();
        var served = new bool[demand.Length];
        foreach (int j in chosen)
        {
            int site = candidates.Site[j];
            var serves = candidates.ServedDemand(j, demand.Length);
            foreach (int d in serves)
            {
                served[d] = true;
            }
            replicas.Add(new Replica(site, scope.SiteAt(site).Id, serves));
            isChosen.Add(j);
        }
        var none = new ChosenDomains();
        for (int j = 0; j < candidates.Count; j++)
        {
            int site = candidates.Site[j];
            double score = candidates.Blend(scope, j, none);
            verdicts.Add(isChosen.Contains(j)
                ? new SiteVerdict(site, scope.SiteAt(site).Id, true, "selected", ChosenReason(scope, site, replicas.Count), score)
                : new SiteVerdict(site, scope.SiteAt(site).Id, true, "ranked", "kept: passed every filter; not needed to cover the demand", score));
        }
        if (Options.ExplainEverySite)
        {
            UnexaminedVerdicts.AddTo(verdicts, scope, search);
        }
        verdicts.Sort((a, b) => a.SiteIndex.CompareTo(b.SiteIndex));

        var unserved = ImmutableArray.CreateBuilder<int>();
        var uncovered = ImmutableArray.CreateBuilder<int>();
        for (int d = 0; d < demand.Length; d++)
        {
            if (search.FeasibleSites[d] == 0)
            {
                unserved.Add(d);
            }
            else if (!served[d])
            {
                uncovered.Add(d);
            }
        }
        return new PlacementDecision(request.Function, replicas.MoveToImmutable(), [.. verdicts], unserved.ToImmutable())
        {
            UncoveredDemand = uncovered.ToImmutable(),
        };
    }

    private static string ChosenReason(PlacementScope scope, int site, int replicaCount)
    {
        if (!scope.HasDeadline || scope.Request.Demand.IsEmpty)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"chosen: one of {replicaCount} replicas; no deadline to meet; {EnergyCarbonScorer.GramsPerCoreHour(scope.SiteAt(site)):0.##} g CO2 per core-hour");
        }
        double total = scope.BestTotalMsAt(site), rtt = scope.BestRttMsAt(site), p99 = scope.Function.Execution.P99Ms;
        return string.Create(CultureInfo.InvariantCulture,
            $"chosen: one of {replicaCount} replicas; best RTT {rtt:0.0} ms + p99 {p99:0.0} ms + queue {total - rtt - p99:0.0} ms = {total:0.0} ms, slack {scope.BudgetMs - total:0.0} ms");
    }
}
