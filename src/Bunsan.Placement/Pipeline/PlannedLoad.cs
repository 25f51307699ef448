using System.Collections.Immutable;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// The utilisation the federation's placements so far are expected to put on each site, so that
/// placing functions one after another does not hand the same cores to each of them. A demand
/// point's rate goes to its nearest serving replica that stays under the target utilisation (as the
/// router sends light load nearest first and spills the rest), else to the least utilised one.
/// Utilisation is the larger of the cores and memory shares the expected concurrency holds.
/// </summary>
public sealed class PlannedLoad
{
    private readonly Topology _topology;
    private readonly ILatencyModel _latency;
    private readonly double _target;
    private readonly double[] _utilisation;

    public PlannedLoad(Topology topology, ILatencyModel latency, double targetUtilisation)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(latency);
        _topology = topology;
        _latency = latency;
        _target = targetUtilisation;
        _utilisation = new double[topology.Sites.Length];
    }

    /// <summary>The planned utilisation per site, for the next placement's context.</summary>
    public ImmutableArray<double> Utilisation => [.. _utilisation];

    /// <summary>Adds the load the decision's replicas are expected to carry for the request's demand.</summary>
    public void Add(PlacementRequest request, PlacementDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var function = request.Function;
        // Each demand point's serving replicas, from the replicas' own lists: one pass over what they serve.
        var servingOf = new List<(double Rtt, int Site)>?[request.Demand.Length];
        foreach (var replica in decision.Replicas)
        {
            foreach (int d in replica.ServedDemand)
            {
                (servingOf[d] ??= []).Add((_latency.RttMs(request.Demand[d].Origin, _topology.Sites[replica.SiteIndex].Location), replica.SiteIndex));
            }
        }
        for (int d = 0; d < request.Demand.Length; d++)
        {
            var point = request.Demand[d];
            var serving = servingOf[d];
            if (serving is null || !(point.RequestsPerSecond > 0))
            {
                continue;
            }
            serving.Sort();
            int chosen = -1;
            foreach (var (_, site) in serving)
            {
                if (_utilisation[site] + Share(site, function, point.RequestsPerSecond) <= _target)
                {
                    chosen = site;
                    break;
                }
            }
            if (chosen < 0)
            {
                chosen = serving.MinBy(s => _utilisation[s.Site]).Site;
            }
            _utilisation[chosen] += Share(chosen, function, point.RequestsPerSecond);
        }
    }

    // Expected concurrency (Little's law: rate × mean service, p50 as its estimate) as a share of the site.
    private double Share(int site, Core.Functions.FunctionSpec function, double rps)
    {
        double concurrency = rps * function.Execution.P50Ms / 1000;
        var capacity = _topology.Sites[site].Capacity;
        double cores = capacity.Cores > 0 ? concurrency * function.Resources.Cores / capacity.Cores : double.PositiveInfinity;
        double memory = capacity.MemoryGiB > 0 ? concurrency * function.Resources.MemoryMiB / (capacity.MemoryGiB * 1024) : double.PositiveInfinity;
        return Math.Max(cores, memory);
    }
}
