using System.Globalization;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>The demo's table: per strategy and class, the whole run and the burst.</summary>
internal static class DemoTable
{
    public static void Write(TextWriter o, DemoReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"bunsan demo: {r.Sites} sites of {r.Topology}, each strategy {r.PhaseSeconds:0} s on a fresh federation; burst: {r.Burst}"));
        o.WriteLine("Measured from real processes on this machine; wide-area latency EMULATED (each origin leg, forward and reply waits");
        o.WriteLine("the modelled one-way latency) and execution time EMULATED from each function's spec (the machine's cores are shared).");
        o.WriteLine("hit = answered within the class deadline at the origin; rejected = explicit 503 deadline error (never a silent late answer).");
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-11} {1,-12} {2,9} {3,7} {4,10} {5,8} {6,8}   {7,7} {8,10} {9,8}",
            "strategy", "class", "requests", "hit %", "rejected %", "p50 ms", "p99 ms", "burst", "hit %", "p99 ms"));
        foreach (DemoPhase phase in r.Phases)
        {
            foreach (LoadClassResult c in phase.Whole.Classes.Where(c => c.Requests > 0))
            {
                LoadClassResult? b = phase.Burst.Classes.FirstOrDefault(x => x.Class == c.Class);
                o.WriteLine(string.Format(inv, "{0,-11} {1,-12} {2,9:N0} {3,7:0.00} {4,10:0.00} {5,8} {6,8}   {7,7:N0} {8,10} {9,8}",
                    phase.Strategy, c.Class, c.Requests, c.HitPct, c.RejectedPct, Ms(c.P50Ms), Ms(c.P99Ms),
                    b?.Requests ?? 0, b is { Requests: > 0 } ? b.HitPct.ToString("0.00", inv) : "-", Ms(b?.P99Ms)));
            }
        }
        o.WriteLine();
        o.WriteLine("burst: the requests from the burst region while it lasted. Logs and state: --work-dir DIR keeps them.");
    }

    private static string Ms(double? ms) => ms is double v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
