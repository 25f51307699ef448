using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Builds scenarios from traces. Execution times per trace source: the trace function's own
/// percentiles (<c>_run.csv</c>) when it has them and they fit its catalog function's class — no
/// deadline, or a p99 within the budget — otherwise the catalog function's p50/p99. Why: the 2019
/// Azure functions run for seconds (median of medians ~1 s), which no 10 ms function does; the trace
/// decides when requests come, the catalog decides what a realtime function costs.
/// </summary>
public static class ScenarioBuilder
{
    /// <param name="classRateScale">Extra rate factor per latency class name (on top of <paramref name="rateScale"/>), see <see cref="ClassRateScaling"/>.</param>
    public static SimulationScenario FromAzureTrace(
        Topology topology,
        ILatencyModel latency,
        ImmutableArray<FunctionSpec> functions,
        AzureFunctionsTrace trace,
        double startMinute,
        double durationMinutes,
        double rateScale,
        OriginCatalog origins,
        int seed,
        SimulationOptions? options = null,
        IReadOnlyDictionary<string, double>? classRateScale = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Arrival[] arrivals = ArrivalSchedule.FromAzureTrace(trace, startMinute, durationMinutes, rateScale, seed);
        int[] mapping = FunctionMapping.Map([.. trace.Functions.Select(f => f.Key)], functions, seed);
        if (classRateScale is { Count: > 0 })
        {
            double[] factor = [.. mapping.Select(f => classRateScale.TryGetValue(functions[f].Class.Name, out double k) ? k : 1)];
            arrivals = ClassRateScaling.Apply(arrivals, factor, seed);
        }
        var execution = new ExecutionTimeDistribution[trace.Functions.Length];
        for (int s = 0; s < execution.Length; s++)
        {
            FunctionSpec fn = functions[mapping[s]];
            ExecutionPercentiles? p = trace.Functions[s].Execution;
            execution[s] = p is not null && (!fn.Class.HasDeadline || p.P99 <= fn.Class.BudgetMs)
                ? ExecutionTimeDistribution.FromPercentiles(p)
                : ExecutionTimeDistribution.FromSpec(fn.Execution);
        }
        return new SimulationScenario(topology, latency, functions, arrivals, mapping, execution, origins, seed, options);
    }

    /// <summary>
    /// Arrivals from a timestamp trace, within the window [<paramref name="startMinute"/>, start + <paramref name="durationMinutes"/>)
    /// measured from the first timestamp; each arrival is assigned to a catalog function by the arrival schedule's
    /// seeded rule and runs for the function's p50/p99. Rate scales multiply arrivals as for the Azure trace
    /// (<see cref="ClassRateScaling"/>: each minute's count × k, spread over that minute).
    /// </summary>
    public static SimulationScenario FromArrivals(
        Topology topology,
        ILatencyModel latency,
        ImmutableArray<FunctionSpec> functions,
        ArrivalsTrace trace,
        double startMinute,
        double durationMinutes,
        double rateScale,
        OriginCatalog origins,
        int seed,
        SimulationOptions? options = null,
        IReadOnlyDictionary<string, double>? classRateScale = null)
    {
        double fromMs = startMinute * 60_000, toMs = (startMinute + durationMinutes) * 60_000;
        Arrival[] arrivals = [.. ArrivalSchedule.FromArrivals(trace, functions.Length, seed)
            .Where(a => a.TimeMs >= fromMs && a.TimeMs < toMs)
            .Select(a => a with { TimeMs = a.TimeMs - fromMs })];
        double[] factor = [.. functions.Select(f => rateScale * (classRateScale?.GetValueOrDefault(f.Class.Name, 1) ?? 1))];
        arrivals = ClassRateScaling.Apply(arrivals, factor, seed);
        int[] identity = [.. Enumerable.Range(0, functions.Length)];
        ExecutionTimeDistribution[] execution = [.. functions.Select(f => ExecutionTimeDistribution.FromSpec(f.Execution))];
        return new SimulationScenario(topology, latency, functions, arrivals, identity, execution, origins, seed, options);
    }
}
