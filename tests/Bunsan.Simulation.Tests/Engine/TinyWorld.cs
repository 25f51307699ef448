using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using Bunsan.Simulation.Strategies;

namespace Bunsan.Simulation.Tests.Engine;

/// <summary>Every RTT is the same constant: hand-checkable timelines.</summary>
internal sealed class ConstantLatencyModel(double rttMs) : ILatencyModel
{
    public double RttMs(GeoPoint origin, GeoPoint destination) => rttMs;
}

/// <summary>Small worlds built by hand for simulator tests.</summary>
internal static class TinyWorld
{
    public static readonly GeoPoint Tokyo = new(35.68, 139.76);

    public static Site Site(string id, GeoPoint at, int cores, SiteTier tier = SiteTier.Edge) => new(
        id, id, at, tier, "JP", new FailureDomains(id, "kanto"), new SiteCapacity(cores, 64), new EnergyProfile(100, 300, 1.5, 450));

    public static FunctionSpec Function(string name, LatencyClass latencyClass, double p50Ms, double p99Ms, double cores = 1) => new(
        name, "", new InvocationResources(cores, 64), new ExecutionTime(p50Ms, p99Ms), latencyClass, [], 1, 10);

    /// <summary>One 1-core site, one origin, one realtime function running exactly 3 ms, RTT 2 ms, arrivals at the given times.</summary>
    public static SimulationScenario OneSite(params double[] arrivalTimesMs)
    {
        var topology = new Topology("tiny", [Site("edge-a", Tokyo, cores: 1)]);
        ImmutableArray<FunctionSpec> functions = [Function("f", LatencyClass.Realtime, 3, 3)];
        Arrival[] arrivals = [.. arrivalTimesMs.Select(t => new Arrival(t, 0))];
        return new SimulationScenario(topology, new ConstantLatencyModel(2), functions, arrivals, [0],
            [ExecutionTimeDistribution.FromSpec(functions[0].Execution)], OriginCatalog.FromPoints([Tokyo]), seed: 1);
    }

    public static StrategyPlan Plan(SimulationScenario scenario, IRoutingPolicy policy, bool admission, params int[] replicaSites)
    {
        RoutingTable[] tables = [.. scenario.Functions.Select(_ => RoutingTable.Build(replicaSites, scenario.SiteLocations, scenario.Cells, scenario.Latency))];
        return new StrategyPlan(policy.Name, policy, admission, tables);
    }
}
