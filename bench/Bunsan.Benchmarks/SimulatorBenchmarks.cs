using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using Bunsan.Simulation.Strategies;

namespace Bunsan.Benchmarks;

/// <summary>
/// The simulator's event loop alone: one million realtime requests (Poisson, 10,000 per second) from Japan's
/// municipalities to a function with 1,000 replicas among 10,000 synthetic sites, under the bunsan strategy
/// (router + admission) and under nearest. Placement is fixed (every 10th site) so only the loop is timed.
/// The end-to-end scale figure (10,000 sites, ≥ 10 million requests, CLI included) is a `bunsan sim` command: see src/Bunsan.Simulation/README.md.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*SimulatorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private const int Requests = 1_000_000;
    private SimulationScenario _scenario = null!;
    private StrategyPlan _bunsan = null!;
    private StrategyPlan _nearest = null!;

    [GlobalSetup]
    public void Setup()
    {
        Topology topology = SyntheticTopology.Generate(10_000, seed: 1);
        ImmutableArray<FunctionSpec> functions =
        [
            new("collision-warning", "", new InvocationResources(1, 64), new ExecutionTime(1, 2.5), LatencyClass.Realtime, ["JP"], 1, 1_000),
        ];
        var random = new Random(5);
        var arrivals = new Arrival[Requests];
        double t = 0;
        for (int i = 0; i < arrivals.Length; i++)
        {
            t += -Math.Log(1 - random.NextDouble()) / 10; // 10 per ms
            arrivals[i] = new Arrival(t, 0);
        }
        _scenario = new SimulationScenario(topology, FittedLatencyModel.Default, functions, arrivals, [0],
            [ExecutionTimeDistribution.FromSpec(functions[0].Execution)], OriginCatalog.JapanMunicipalities, seed: 1);
        int[] replicas = [.. Enumerable.Range(0, topology.Sites.Length).Where(i => i % 10 == 0 && topology.Sites[i].Jurisdiction == "JP")];
        RoutingTable[] tables = [RoutingTable.Build(replicas, _scenario.SiteLocations, _scenario.Cells, _scenario.Latency)];
        _bunsan = new StrategyPlan("bunsan", new DeadlineAwareRoutingPolicy(), true, tables);
        _nearest = new StrategyPlan("nearest", new NearestRoutingPolicy(), false, tables);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public long Bunsan() => new Simulator(_scenario, _bunsan).Run().Result.Requests;

    [Benchmark(OperationsPerInvoke = Requests)]
    public long Nearest() => new Simulator(_scenario, _nearest).Run().Result.Requests;
}
