using System.Globalization;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Cli.Commands;

/// <summary>The report of `bunsan sim` as a table for people.</summary>
internal static class SimTable
{
    public static void Write(TextWriter o, SimulationReport r, SimArguments a)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Format(inv, "bunsan sim: topology {0} ({1:N0} sites), {2} functions, {3:N0} requests over {4:0.##} min (seed {5}, rate scale {6:0.###})",
            r.Topology, r.Sites, r.Functions, r.Requests, r.DurationMinutes, r.Seed, a.RateScale));
        o.WriteLine("hit = answered within the class deadline; infeasible = no allowed site could answer in time even idle (the same for every strategy);");
        o.WriteLine("hit feas = hit % among the other requests; latency percentiles are of answered requests (rejected ones have none).");
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-18} {1,-13} {2,11} {3,10} {4,8} {5,9} {6,9} {7,9} {8,9} {9,9}",
            "class", "strategy", "requests", "infeasible", "hit %", "hit feas", "rejected", "p50 ms", "p95 ms", "p99 ms"));
        string? lastClass = null;
        foreach (string className in r.Strategies.SelectMany(s => s.Classes).Select(c => c.Class).Distinct())
        {
            foreach (StrategyResult s in r.Strategies)
            {
                ClassResult? c = s.Classes.FirstOrDefault(x => x.Class == className);
                if (c is null)
                {
                    continue;
                }
                string label = className == lastClass ? "" : DeadlineLabel(c);
                lastClass = className;
                o.WriteLine(string.Format(inv, "{0,-18} {1,-13} {2,11:N0} {3,10:N0} {4,8:0.00} {5,9:0.00} {6,9:0.00} {7,9} {8,9} {9,9}",
                    label, s.Name, c.Requests, c.Infeasible, c.HitPct, c.HitFeasiblePct, c.RejectedPct, Ms(c.P50Ms), Ms(c.P95Ms), Ms(c.P99Ms)));
            }
        }
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-13} {1,12} {2,12} {3,12} {4,15} {5,9}", "strategy", "energy kWh", "compute kWh", "network kWh", "network GB·km", "replicas"));
        foreach (StrategyResult s in r.Strategies)
        {
            o.WriteLine(string.Format(inv, "{0,-13} {1,12:0.####} {2,12:0.####} {3,12:0.####} {4,15:N2} {5,9:N0}",
                s.Name, s.EnergyKwh, s.ComputeEnergyKwh, s.NetworkEnergyKwh, s.NetworkGbKm, s.Replicas));
        }
    }

    private static string DeadlineLabel(ClassResult c) =>
        c.DeadlineMs is not double d ? $"{c.Class} (none)"
        : c.Class.EndsWith("ms", StringComparison.Ordinal) ? c.Class
        : string.Create(CultureInfo.InvariantCulture, $"{c.Class} {d:0.###}ms");

    private static string Ms(double? ms) => ms is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
