using System.Collections.Immutable;
using System.Text.Json;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class SimulatorTests
{
    [Fact]
    public void Run_OneSiteWithoutAdmission_QueuesInOrderAndCountsTheLateOne()
    {
        // RTT 2 ms (1 ms each way), exec 3 ms, one core. Arrivals at 0, 0.5, 1.0, 1.5 reach the site at 1, 1.5, 2, 2.5;
        // they run 1–4, 4–7, 7–10, 10–13 and are answered at 5, 8, 11, 14: latencies 5, 7.5, 10 and 12.5 ms.
        var scenario = TinyWorld.OneSite(0, 0.5, 1.0, 1.5);
        ClassResult r = Run(scenario, new NearestRoutingPolicy(), admission: false);
        Assert.Equal((4, 3, 1, 0), (r.Requests, r.Hits, r.Late, r.Rejected));
        Assert.Equal(7.5, r.P50Ms); // nearest rank: the 2nd of 4
        Assert.Equal(12.5, r.P99Ms);
    }

    [Fact]
    public void Run_OneSiteWithAdmission_RejectsWhatThePredictionSaysWouldBeLate()
    {
        // Request 2 reaches the site at 1.5 behind one running 3 ms call: predicted wait (0 + 1·3)/1 = 3, completion 6
        // ≤ 10.5 − 1.5 − 1 = 8 left: admitted, answered at 8 (latency 7.5). Request 3 at 2.0 sees one queued too:
        // wait (3 + 3)/1 = 6, completion 9 > 11 − 2 − 1 = 8: rejected; request 4 likewise. No other site: both rejected.
        var scenario = TinyWorld.OneSite(0, 0.5, 1.0, 1.5);
        ClassResult r = Run(scenario, new DeadlineAwareRoutingPolicy(), admission: true);
        Assert.Equal((4, 2, 0, 2), (r.Requests, r.Hits, r.Late, r.Rejected));
        Assert.Equal(2, r.RejectedFeasible); // the site could have answered each in time had it been idle
        Assert.Equal(7.5, r.P99Ms);
    }

    [Fact]
    public void Run_BudgetTooSmallEvenIdle_CountsInfeasibleAndRouterRejectsAtOnce()
    {
        var topology = new Topology("far", [TinyWorld.Site("edge-far", TinyWorld.Tokyo, 4)]);
        ImmutableArray<FunctionSpec> functions = [TinyWorld.Function("f", LatencyClass.Realtime, 2, 2)];
        var scenario = new SimulationScenario(topology, new ConstantLatencyModel(9), functions, [new Arrival(0, 0), new Arrival(5, 0)], [0],
            [ExecutionTimeDistribution.FromSpec(functions[0].Execution)], OriginCatalog.FromPoints([TinyWorld.Tokyo]), seed: 1);
        ClassResult bunsan = Run(scenario, new DeadlineAwareRoutingPolicy(), admission: true);
        ClassResult nearest = Run(scenario, new NearestRoutingPolicy(), admission: false);
        Assert.Equal((2, 2, 0, 0), (bunsan.Infeasible, bunsan.Rejected, bunsan.RejectedFeasible, bunsan.Hits));
        Assert.Equal((2, 2, 0), (nearest.Infeasible, nearest.Late, nearest.Rejected));
        Assert.Equal(0, bunsan.HitFeasiblePct);
    }

    [Fact]
    public void Run_AdmissionRejects_GatewayFallsBackToNextSite()
    {
        // Two 1-core sites, RTT 2 ms. Bunsan's fallback sends the overflow to the second site instead of rejecting it.
        var topology = new Topology("two", [TinyWorld.Site("edge-a", TinyWorld.Tokyo, 1), TinyWorld.Site("edge-b", TinyWorld.Tokyo, 1)]);
        ImmutableArray<FunctionSpec> functions = [TinyWorld.Function("f", LatencyClass.Realtime, 3, 3)];
        Arrival[] arrivals = [.. Enumerable.Range(0, 4).Select(i => new Arrival(i * 0.1, 0))];
        var scenario = new SimulationScenario(topology, new ConstantLatencyModel(2), functions, arrivals, [0],
            [ExecutionTimeDistribution.FromSpec(functions[0].Execution)], OriginCatalog.FromPoints([TinyWorld.Tokyo]), seed: 1);
        ClassResult oneSite = Run(scenario, new DeadlineAwareRoutingPolicy(), admission: true, 0);
        ClassResult twoSites = Run(scenario, new DeadlineAwareRoutingPolicy(), admission: true, 0, 1);
        Assert.True(twoSites.Hits > oneSite.Hits, $"{twoSites.Hits} hits with a fallback site, {oneSite.Hits} without");
        Assert.Equal(0, twoSites.Late);
    }

    [Fact]
    public void Run_RandomWorld_EveryRequestIsHitLateOrRejected()
    {
        SimulationScenario scenario = RandomWorld(seed: 5);
        foreach (IRoutingPolicy policy in RoutingPolicies.Names.Select(n => RoutingPolicies.Create(n)!))
        {
            StrategyResult result = new Simulator(scenario, TinyWorld.Plan(scenario, policy, policy.Name == "bunsan", 0, 1, 2, 3, 4, 5)).Run().Result;
            Assert.Equal(scenario.Arrivals.Length, result.Requests);
            Assert.All(result.Classes, c => Assert.Equal(c.Requests, c.Hits + c.Late + c.Rejected));
        }
    }

    [Fact]
    public void Run_SameSeedTwice_SameReport()
    {
        string first = Json(RandomWorld(seed: 9));
        string second = Json(RandomWorld(seed: 9));
        Assert.Equal(first, second);
        Assert.NotEqual(first, Json(RandomWorld(seed: 10)));
    }

    [Fact]
    public void Run_DifferentStrategies_SameRequestsAndSameInfeasible()
    {
        SimulationScenario scenario = RandomWorld(seed: 3);
        ClassResult[] results = [.. RoutingPolicies.Names.Select(n => Run(scenario, RoutingPolicies.Create(n)!, n == "bunsan", 0, 1, 2, 3, 4, 5))];
        Assert.All(results, r => Assert.Equal((results[0].Requests, results[0].Infeasible), (r.Requests, r.Infeasible)));
        Assert.True(results[0].Infeasible > 0 && results[0].Infeasible < results[0].Requests, "the world should mix feasible and infeasible requests");
    }

    [Fact]
    public void Run_LooseWorkOnATwoCoreSite_AdmissionKeepsACoreForTheRealtimeRequest()
    {
        // One 2-core site, RTT 2 ms. Two interactive calls of 40 ms reach it at 1 and 1.1 ms, a realtime one (3 ms) at 3.
        // FIFO: both cores are busy until 41; the realtime request is late (nearest) or refused (admission without
        // headroom would predict a 20 ms wait). With admission the site keeps one core for tight work: the second
        // interactive call waits for the first (latency 81.9 ms, within 500) and the realtime one runs at once (hit at 6).
        var topology = new Topology("one", [TinyWorld.Site("edge-a", TinyWorld.Tokyo, cores: 2)]);
        ImmutableArray<FunctionSpec> functions =
            [TinyWorld.Function("f", LatencyClass.Realtime, 3, 3), TinyWorld.Function("slow", LatencyClass.Interactive, 40, 40)];
        Arrival[] arrivals = [new(0, 1), new(0.1, 1), new(2, 0)];
        var scenario = new SimulationScenario(topology, new ConstantLatencyModel(2), functions, arrivals, [0, 1],
            [.. functions.Select(f => ExecutionTimeDistribution.FromSpec(f.Execution))], OriginCatalog.FromPoints([TinyWorld.Tokyo]), seed: 1);

        var bunsan = new Simulator(scenario, TinyWorld.Plan(scenario, new DeadlineAwareRoutingPolicy(), true, 0)).Run().Result.Classes;
        var nearest = new Simulator(scenario, TinyWorld.Plan(scenario, new NearestRoutingPolicy(), false, 0)).Run().Result.Classes;

        ClassResult realtime = bunsan.Single(c => c.Class == "realtime"), interactive = bunsan.Single(c => c.Class == "interactive");
        Assert.Equal((1, 1, 0), (realtime.Requests, realtime.Hits, realtime.Rejected));
        Assert.Equal((2, 2), (interactive.Requests, interactive.Hits));
        Assert.Equal(81.9, interactive.P99Ms!.Value, 6); // sent at 0.1, runs 41–81, answered at 82
        Assert.Equal((1, 0, 1), (nearest.Single(c => c.Class == "realtime").Requests, nearest.Single(c => c.Class == "realtime").Hits, nearest.Single(c => c.Class == "realtime").Late));
    }

    private static ClassResult Run(SimulationScenario scenario, IRoutingPolicy policy, bool admission, params int[] replicas) =>
        new Simulator(scenario, TinyWorld.Plan(scenario, policy, admission, replicas.Length == 0 ? [0] : replicas)).Run().Result.Classes.Single();

    private static string Json(SimulationScenario scenario)
    {
        var policy = new DeadlineAwareRoutingPolicy();
        StrategyResult result = new Simulator(scenario, TinyWorld.Plan(scenario, policy, true, 0, 1, 2, 3, 4, 5)).Run().Result;
        return JsonSerializer.Serialize(result);
    }

    /// <summary>Six sites 0–600 km west of Tokyo with 1–4 cores, origins up to ~1,400 km west (some beyond any 10 ms reach), 3,000 Poisson arrivals at ~2 per ms.</summary>
    private static SimulationScenario RandomWorld(int seed)
    {
        var random = new Random(seed);
        var sites = Enumerable.Range(0, 6)
            .Select(i => TinyWorld.Site($"edge-{i}", new GeoPoint(35.68, 139.76 - (i * 1.2)), 1 + random.Next(4)))
            .ToImmutableArray();
        var origins = Enumerable.Range(0, 20).Select(_ => new GeoPoint(35.68 + ((random.NextDouble() - 0.5) * 4), 139.76 - (random.NextDouble() * 16))).ToArray();
        ImmutableArray<FunctionSpec> functions = [TinyWorld.Function("f", LatencyClass.Realtime, 1, 2.5)];
        double t = 0;
        var arrivals = new Arrival[3_000];
        for (int i = 0; i < arrivals.Length; i++)
        {
            t += -Math.Log(1 - random.NextDouble()) / 2;
            arrivals[i] = new Arrival(t, 0);
        }
        return new SimulationScenario(new Topology("random", sites), Bunsan.Core.Latency.PhysicalBoundLatencyModel.Instance, functions, arrivals, [0],
            [ExecutionTimeDistribution.FromSpec(functions[0].Execution)], OriginCatalog.FromPoints(origins), seed);
    }
}
