using System.Collections.Immutable;
using Bunsan.Placement;
using Bunsan.Simulation.Reporting;
using Bunsan.Simulation.Strategies;

namespace Bunsan.Simulation.Engine;

/// <summary>A finished run: the report, and per class the latencies of every strategy for the CDF plot.</summary>
public sealed record SimulationRun(SimulationReport Report, IReadOnlyList<ClassLatencies> PlotData);

/// <summary>Places once, then runs every named strategy over the same arrivals, one after another.</summary>
public static class SimulationRunner
{
    /// <param name="progress">Called with (strategy, fraction done); for a terminal only.</param>
    public static SimulationRun Run(
        SimulationScenario scenario,
        IReadOnlyList<string> strategies,
        IPlacementPipeline pipeline,
        Action<string, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        (ImmutableArray<StrategyPlan> plans, _) = StrategyPlanner.Plan(scenario, strategies, pipeline);
        var results = ImmutableArray.CreateBuilder<StrategyResult>(plans.Length);
        var latencies = new List<StrategyLatencies>[scenario.ClassNames.Length];
        for (int c = 0; c < latencies.Length; c++)
        {
            latencies[c] = [];
        }
        foreach (StrategyPlan plan in plans)
        {
            Action<double>? onProgress = progress is null ? null : fraction => progress(plan.Name, fraction);
            StrategyOutcome outcome = new Simulator(scenario, plan).Run(onProgress);
            results.Add(outcome.Result);
            for (int c = 0; c < latencies.Length; c++)
            {
                latencies[c].Add(new StrategyLatencies(plan.Name, outcome.PlotLatenciesByClass[c]));
            }
        }
        double minutes = scenario.Arrivals.Length == 0 ? 0 : scenario.Arrivals[^1].TimeMs / 60_000;
        var report = new SimulationReport(
            scenario.Topology.Name,
            scenario.Topology.Sites.Length,
            scenario.Functions.Length,
            scenario.Arrivals.Length,
            Math.Round(minutes, 3),
            scenario.Seed,
            results.MoveToImmutable());
        var plot = new List<ClassLatencies>(latencies.Length);
        for (int c = 0; c < latencies.Length; c++)
        {
            plot.Add(new ClassLatencies(scenario.ClassNames[c], scenario.ClassBudgetsMs[c], latencies[c]));
        }
        return new SimulationRun(report, plot);
    }
}
