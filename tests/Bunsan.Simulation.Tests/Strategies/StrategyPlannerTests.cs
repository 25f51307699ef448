using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using Bunsan.Simulation.Strategies;
using Bunsan.Simulation.Tests.Engine;

namespace Bunsan.Simulation.Tests.Strategies;

public sealed class StrategyPlannerTests
{
    /// <summary>Places every function on sites 0 and 1 and remembers the demand it was asked to serve.</summary>
    private sealed class FixedPlacement : IPlacementPipeline
    {
        public List<PlacementRequest> Requests { get; } = [];

        public PlacementDecision Place(PlacementContext context, PlacementRequest request)
        {
            Requests.Add(request);
            return new PlacementDecision(request.Function,
                [new Replica(0, context.Topology.Sites[0].Id, []), new Replica(1, context.Topology.Sites[1].Id, [])], [], []);
        }
    }

    private static SimulationScenario Scenario()
    {
        var topology = new Topology("t", [
            TinyWorld.Site("edge-sendai", new GeoPoint(38.27, 140.87), 8),
            TinyWorld.Site("edge-nagoya", new GeoPoint(35.18, 136.91), 8),
            TinyWorld.Site("core-osaka", new GeoPoint(34.69, 135.50), 512, SiteTier.Core),
            TinyWorld.Site("core-tokyo", new GeoPoint(35.63, 139.88), 512, SiteTier.Core),
        ]);
        ImmutableArray<FunctionSpec> functions = [TinyWorld.Function("f", LatencyClass.Realtime, 1, 2), TinyWorld.Function("g", LatencyClass.Batch, 50, 200)];
        Arrival[] arrivals = [new(0, 0), new(1_000, 1), new(2_000, 0)];
        return new SimulationScenario(topology, new ConstantLatencyModel(2), functions, arrivals, [0, 1],
            [.. functions.Select(f => ExecutionTimeDistribution.FromSpec(f.Execution))], OriginCatalog.FromPoints([TinyWorld.Tokyo, new GeoPoint(34.7, 135.5)]), 1);
    }

    [Fact]
    public void Plan_Baselines_ShareBunsansReplicas()
    {
        var (plans, placements) = StrategyPlanner.Plan(Scenario(), StrategyNames.All, new FixedPlacement());
        StrategyPlan bunsan = plans.Single(p => p.Name == StrategyNames.Bunsan);
        Assert.True(bunsan.UsesAdmission);
        foreach (string name in new[] { StrategyNames.Nearest, StrategyNames.LeastLoaded, StrategyNames.Random })
        {
            StrategyPlan plan = plans.Single(p => p.Name == name);
            Assert.Same(bunsan.Tables, plan.Tables);
            Assert.False(plan.UsesAdmission);
        }
        Assert.Equal(2, placements.Length);
    }

    [Fact]
    public void Plan_CloudOnly_OneReplicaAtTheCoreSiteNearestTokyo()
    {
        var (plans, _) = StrategyPlanner.Plan(Scenario(), [StrategyNames.CloudOnly], new FixedPlacement());
        StrategyPlan cloud = plans.Single();
        Assert.All(cloud.Tables, t => Assert.Equal([3], t.ReplicaSites.ToArray()));
        Assert.False(cloud.UsesAdmission);
    }

    [Fact]
    public void Plan_Demand_RatesFollowArrivalsPerFunction()
    {
        var placement = new FixedPlacement();
        StrategyPlanner.Plan(Scenario(), [StrategyNames.Bunsan], placement);
        double f = placement.Requests[0].Demand.Sum(d => d.RequestsPerSecond);
        double g = placement.Requests[1].Demand.Sum(d => d.RequestsPerSecond);
        Assert.Equal(2 * g, f, 9); // two arrivals of f, one of g, over the same span
    }

    [Fact]
    public void TokyoCoreSite_NoCoreSite_FallsBackToNearestHealthySite()
    {
        Site[] sites = [TinyWorld.Site("edge-osaka", new GeoPoint(34.69, 135.5), 8), TinyWorld.Site("edge-chiba", new GeoPoint(35.6, 140.1), 8)];
        Assert.Equal(1, TokyoCore.SiteIndex(sites));
    }
}
