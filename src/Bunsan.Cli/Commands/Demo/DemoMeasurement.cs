using System.Runtime.InteropServices;
using Bunsan.Core.Sites;
using Bunsan.Emulation.Load;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>Turns one strategy's outcomes into its part of the report: the whole run, the burst, and the machine's overhead.</summary>
internal static class DemoMeasurement
{
    public static DemoStrategy Summarise(string strategy, LoadGenerator generator, LoadPlan plan, RequestOutcome[] outcomes, RegionalBurst burst, double phaseSeconds)
    {
        LoadReport whole = generator.Summarise(plan, outcomes, phaseSeconds / 60);
        LoadReport inBurst = generator.Summarise(plan, outcomes, (burst.ToMs - burst.FromMs) / 60_000,
            r => burst.Covers(plan.OriginLocation(r.Origin), r.TimeMs));
        DemoClass[] classes = [.. whole.Classes.Where(c => c.Requests > 0)
            .Select(c => DemoClass.From(c, inBurst.Classes.FirstOrDefault(b => b.Class == c.Class)))];
        return new DemoStrategy(strategy, classes, Overhead(plan, outcomes)) { Latencies = Latencies(plan, outcomes) };
    }

    private static Dictionary<string, double[]> Latencies(LoadPlan plan, RequestOutcome[] outcomes)
    {
        var scenario = plan.Scenario;
        return Enumerable.Range(0, outcomes.Length)
            .GroupBy(i => scenario.ClassNames[scenario.FunctionClass[plan.Requests[i].Function]])
            .ToDictionary(g => g.Key, g => g.Select(i => outcomes[i].Kind == RequestOutcomeKind.Answered ? outcomes[i].LatencyMs : double.PositiveInfinity).ToArray());
    }

    private static DemoOverhead Overhead(LoadPlan plan, RequestOutcome[] outcomes)
    {
        var sites = plan.Scenario.Topology.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var residuals = new List<double>(outcomes.Length);
        for (int i = 0; i < outcomes.Length; i++)
        {
            RequestOutcome o = outcomes[i];
            if (o.Kind != RequestOutcomeKind.Answered || o.Site is null || !sites.TryGetValue(o.Site, out Site? served))
            {
                continue;
            }
            PlannedRequest r = plan.Requests[i];
            Site gateway = plan.Gateways[r.Gateway];
            double forwardRttMs = served.Id == gateway.Id ? 0 : plan.Scenario.Latency.RttMs(gateway.Location, served.Location);
            residuals.Add(o.LatencyMs - (2 * r.OriginLegMs) - forwardRttMs - (o.QueueMs ?? 0) - (o.ExecMs ?? 0));
        }
        residuals.Sort();
        ReadOnlySpan<double> sorted = CollectionsMarshal.AsSpan(residuals);
        return new DemoOverhead(ReportMath.Quantile(sorted, 0.5), ReportMath.Quantile(sorted, 0.9), ReportMath.Quantile(sorted, 0.99));
    }
}
