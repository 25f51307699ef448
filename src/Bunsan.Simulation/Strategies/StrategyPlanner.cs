using System.Collections.Immutable;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Placement.Pipeline;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Engine;

namespace Bunsan.Simulation.Strategies;

/// <summary>
/// Turns strategy names into plans. What each gets:
/// <list type="bullet">
/// <item><c>bunsan</c>: replicas from the placement pipeline for the run's demand; deadline-aware power-of-two-choices routing; admission with fallback.</item>
/// <item><c>nearest</c>, <c>least-loaded</c>, <c>random</c>: the very same replicas (so the same sites and cores), their routing policy, and no admission — every request runs to completion and a late answer counts as a miss.</item>
/// <item><c>cloud-only</c>: one replica of every function at the core site nearest Tokyo (any site when no core site exists), nearest routing, no admission.</item>
/// </list>
/// </summary>
public static class StrategyPlanner
{
    /// <summary>Spatial-ID zoom at which origins are pooled into demand points for placement (10: ~32 km cells over Japan).</summary>
    public const int PlacementDemandZoom = 10;

    /// <summary>Places every function once and builds the named plans.</summary>
    public static (ImmutableArray<StrategyPlan> Plans, ImmutableArray<PlacementDecision> Placements) Plan(
        SimulationScenario scenario,
        IReadOnlyList<string> names,
        IPlacementPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(pipeline);
        bool needsPlacement = names.Any(n => n != StrategyNames.CloudOnly);
        ImmutableArray<PlacementDecision> placements = needsPlacement ? PlaceAll(scenario, pipeline) : [];
        RoutingTable[]? placed = needsPlacement
            ? [.. placements.Select(p => Table(scenario, [.. p.Replicas.Select(r => r.SiteIndex)]))]
            : null;

        var plans = ImmutableArray.CreateBuilder<StrategyPlan>(names.Count);
        foreach (string name in names)
        {
            plans.Add(name switch
            {
                StrategyNames.Bunsan => new StrategyPlan(name, new DeadlineAwareRoutingPolicy(), true, placed!),
                StrategyNames.Nearest => new StrategyPlan(name, new NearestRoutingPolicy(), false, placed!),
                StrategyNames.LeastLoaded => new StrategyPlan(name, new LeastLoadedRoutingPolicy(), false, placed!),
                StrategyNames.Random => new StrategyPlan(name, new RandomRoutingPolicy(), false, placed!),
                StrategyNames.CloudOnly => CloudOnly(scenario),
                _ => throw new ArgumentException($"unknown strategy '{name}'", nameof(names)),
            });
        }
        return (plans.MoveToImmutable(), placements);
    }

    private static StrategyPlan CloudOnly(SimulationScenario scenario)
    {
        int site = TokyoCore.SiteIndex(scenario.Topology.Sites);
        RoutingTable[] tables = new RoutingTable[scenario.Functions.Length];
        for (int f = 0; f < tables.Length; f++)
        {
            tables[f] = Table(scenario, site >= 0 ? [site] : []);
        }
        return new StrategyPlan(StrategyNames.CloudOnly, new NearestRoutingPolicy(), false, tables);
    }

    private static RoutingTable Table(SimulationScenario scenario, int[] replicaSites) =>
        RoutingTable.Build(replicaSites, scenario.SiteLocations, scenario.Cells, scenario.Latency);

    // Demand per function: its arrivals per second over the run, spread over origin cells by origin weight.
    private static ImmutableArray<PlacementDecision> PlaceAll(SimulationScenario scenario, IPlacementPipeline pipeline)
    {
        var demandCells = new OriginCells(PlacementDemandZoom);
        var originDemandCell = new int[scenario.Origins.Count];
        for (int o = 0; o < originDemandCell.Length; o++)
        {
            originDemandCell[o] = demandCells.Add(scenario.Origins.Location(o));
        }
        var cellWeight = new double[demandCells.Count];
        double totalWeight = 0;
        for (int o = 0; o < originDemandCell.Length; o++)
        {
            cellWeight[originDemandCell[o]] += scenario.Origins.Weight(o);
            totalWeight += scenario.Origins.Weight(o);
        }

        var perFunction = new double[scenario.Functions.Length];
        foreach (var arrival in scenario.Arrivals)
        {
            perFunction[scenario.SourceFunction[arrival.SourceIndex]]++;
        }
        double seconds = scenario.Arrivals.Length == 0 ? 1 : Math.Max(1, scenario.Arrivals[^1].TimeMs / 1000);

        // Tightest budgets first: they need the edge most. Each placement sees the load the earlier ones
        // planned, as the control plane's live utilisation would show it.
        var planned = new PlannedLoad(scenario.Topology, scenario.Latency, PlacementOptions.Default.TargetUtilisation);
        var decisions = new PlacementDecision[scenario.Functions.Length];
        var order = Enumerable.Range(0, scenario.Functions.Length).OrderBy(f => scenario.Functions[f].Class.BudgetMs).ThenBy(f => f);
        foreach (int f in order)
        {
            double rate = perFunction[f] / seconds;
            var demand = ImmutableArray.CreateBuilder<DemandPoint>(demandCells.Count);
            for (int c = 0; c < demandCells.Count; c++)
            {
                demand.Add(new DemandPoint(demandCells.Centre(c), rate * cellWeight[c] / Math.Max(totalWeight, 1e-12)));
            }
            var request = new PlacementRequest(scenario.Functions[f], demand.MoveToImmutable());
            decisions[f] = pipeline.Place(new PlacementContext(scenario.Topology, scenario.Latency, planned.Utilisation), request);
            planned.Add(request, decisions[f]);
        }
        return [.. decisions];
    }
}
