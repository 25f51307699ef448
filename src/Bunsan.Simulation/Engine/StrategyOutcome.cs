using Bunsan.Simulation.Reporting;

namespace Bunsan.Simulation.Engine;

/// <summary>A strategy's results, and the latencies kept for plotting (per class, sorted, evenly thinned).</summary>
public sealed record StrategyOutcome(StrategyResult Result, IReadOnlyList<double[]> PlotLatenciesByClass);
