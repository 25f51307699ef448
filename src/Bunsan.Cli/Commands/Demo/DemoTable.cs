using System.Globalization;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>The demo's table: per strategy and class, the whole run and the burst, then what the machine added.</summary>
internal static class DemoTable
{
    public static void Write(TextWriter o, DemoReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"bunsan demo: {r.Sites} sites of {r.Topology}, each strategy {r.PhaseSeconds:0} s on a fresh federation; burst: {r.Burst}"));
        o.WriteLine("Measured from real processes on this machine; wide-area latency EMULATED (each origin leg, forward and reply waits");
        o.WriteLine("the modelled one-way latency) and execution time EMULATED (each invocation holds its site's cores for the time the");
        o.WriteLine("simulator draws for that request; the machine's own cores are shared by every process).");
        o.WriteLine("hit = answered within the class deadline at the origin; infeasible = no site could answer in time even idle (same for");
        o.WriteLine("every strategy); hit feas = hits among the others; rejected = explicit 503 deadline error (never a silent late answer).");
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-11} {1,-12} {2,8} {3,10} {4,7} {5,8} {6,9} {7,7} {8,7}  | {9,6} {10,7} {11,8} {12,7}",
            "strategy", "class", "requests", "infeasible", "hit %", "hit feas", "rejected%", "p50 ms", "p99 ms", "burst", "hit %", "hit feas", "p99 ms"));
        foreach (DemoStrategy s in r.Strategies)
        {
            foreach (DemoClass c in s.Classes)
            {
                DemoWindow b = c.Burst;
                o.WriteLine(string.Format(inv, "{0,-11} {1,-12} {2,8:N0} {3,10:N0} {4,7:0.00} {5,8:0.00} {6,9:0.00} {7,7} {8,7}  | {9,6:N0} {10,7} {11,8} {12,7}",
                    s.Name, Label(c), c.Requests, c.Infeasible, c.HitPct, c.HitFeasiblePct, c.RejectedPct, Ms(c.P50Ms), Ms(c.P99Ms),
                    b.Requests, Pct(b.Requests, b.HitPct), Pct(b.Requests - b.Infeasible, b.HitFeasiblePct), Ms(b.P99Ms)));
            }
        }
        o.WriteLine();
        o.WriteLine("burst: requests from the burst region while it lasted. What this machine added to answered requests (latency minus");
        o.WriteLine("the emulated network, queue and execution; processes, kernel and two shared cores), p50 / p90 / p99 ms:");
        foreach (DemoStrategy s in r.Strategies)
        {
            o.WriteLine(string.Create(inv, $"  {s.Name,-11} {Ms(s.Overhead.P50Ms)} / {Ms(s.Overhead.P90Ms)} / {Ms(s.Overhead.P99Ms)}"));
        }
        o.WriteLine("Logs, state and every request (requests-STRATEGY.csv): --work-dir DIR keeps them.");
    }

    private static string Label(DemoClass c) => c.DeadlineMs is double d ? string.Create(CultureInfo.InvariantCulture, $"{c.Class} {d:0}") : c.Class;

    private static string Pct(long of, double pct) => of > 0 ? pct.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Ms(double? ms) => ms is double v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
