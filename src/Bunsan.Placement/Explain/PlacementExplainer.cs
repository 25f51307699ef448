using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Explain;

/// <summary>
/// `bunsan explain`'s answer: one function placed for demand from one origin, with a verdict for every
/// site (kept or not, the stage that rejected it and why) and the chosen replicas' predicted RTT and
/// slack. The same shape whether the topology comes from a file or from the live federation.
/// </summary>
public static class PlacementExplainer
{
    public static Explanation Explain(PlacementContext context, FunctionSpec function, GeoPoint origin, string note)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(function);
        var topology = context.Topology;
        ILatencyModel latency = context.Latency;
        var request = new PlacementRequest(function, [new DemandPoint(origin, 1)]);
        var decision = new PlacementPipeline(new PlacementOptions { ExplainEverySite = true }).Place(context, request);
        double? budget = function.Class.HasDeadline ? function.Class.BudgetMs : null;

        var chosen = decision.Replicas.Select(r => r.SiteIndex).ToHashSet();
        var sites = decision.Verdicts.Select(v =>
        {
            var location = topology.Sites[v.SiteIndex].Location;
            return new SiteExplanation(v.SiteId, v.Kept, chosen.Contains(v.SiteIndex), v.Stage, v.Reason, Round(v.Score),
                Round(latency.RttMs(origin, location)), Round(origin.DistanceKmTo(location)));
        }).ToImmutableArray();
        var replicas = decision.Replicas.Select(r =>
        {
            double rtt = latency.RttMs(origin, topology.Sites[r.SiteIndex].Location);
            double total = rtt + function.Execution.P99Ms;
            return new ReplicaExplanation(r.SiteId, Round(rtt), Round(total), budget is null ? null : Round(budget.Value - total));
        }).ToImmutableArray();
        string why = decision.UnservedDemand.IsEmpty
            ? note
            : "no site can answer this origin within the budget: the replicas were placed for resilience only";
        return new Explanation(topology.Name, function.Name, function.Class.Name, budget, function.Execution.P99Ms,
            new OriginExplanation(origin.Latitude, origin.Longitude), !decision.UnservedDemand.IsEmpty, replicas, sites,
            sites.Count(s => s.Kept), why);
    }

    private static double Round(double value) => Math.Round(value, 3);
}

public sealed record OriginExplanation(double Lat, double Lon);

public sealed record ReplicaExplanation(string SiteId, double RttMs, double TotalMs, double? SlackMs);

public sealed record SiteExplanation(string SiteId, bool Kept, bool Chosen, string Stage, string Reason, double Score, double RttMs, double DistanceKm);

/// <summary>What `bunsan explain --json` prints and the control plane's explain endpoint returns (snake_case keys).</summary>
public sealed record Explanation(
    string Topology,
    string Function,
    string Class,
    double? BudgetMs,
    double P99Ms,
    OriginExplanation Origin,
    bool Unserved,
    IReadOnlyList<ReplicaExplanation> Replicas,
    IReadOnlyList<SiteExplanation> Sites,
    int KeptCount,
    string Note);
