using Bunsan.Simulation.Reporting;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>The demo's latencies in the simulator's plot shape: per class, one CDF per strategy, the deadline marked.</summary>
internal static class DemoPlot
{
    public static IReadOnlyList<ClassLatencies> Classes(DemoReport report) =>
    [
        .. report.Strategies.SelectMany(s => s.Classes).DistinctBy(c => c.Class).Select(c => new ClassLatencies(
            c.Class,
            c.DeadlineMs ?? double.PositiveInfinity,
            [.. report.Strategies.Where(s => s.Latencies.ContainsKey(c.Class)).Select(s => new StrategyLatencies(s.Name, s.Latencies[c.Class]))])),
    ];
}
