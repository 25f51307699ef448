using System.Globalization;

namespace Bunsan.Cli.Commands.Chaos;

/// <summary>The chaos run as a table.</summary>
internal static class ChaosTable
{
    public static void Write(TextWriter output, ChaosReport report)
    {
        output.WriteLine(Invariant($"bunsan chaos: {report.Scenario}: killed {string.Join(", ", report.Killed)} (SIGKILL) from {report.KillAtSeconds:0.0} s of {report.Seconds:0} s; {report.Sites} sites"));
        output.WriteLine("Measured from real processes on this machine; wide-area latency and execution time EMULATED (as in bunsan demo).");
        if (report.OutageSeconds is { } outage)
        {
            output.WriteLine(Invariant($"control plane down for {outage:0} s: {report.Killed[^1]} served its cached plan again {Ms(report.AgentServingMs)} after its restart;"));
            output.WriteLine(Invariant($"  every agent had rejoined on its own {Ms(report.ReconnectedMs)} after the control plane was started again (its own start included)"));
        }
        else
        {
            output.WriteLine(Invariant($"control plane: saw it unhealthy after {Ms(report.SuspectedMs)}, down after {Ms(report.DownMs)}; placed collision-warning without it after {Ms(report.RestoredMs)}"));
        }
        output.WriteLine($"  replicas before: {string.Join(", ", report.ReplicasBefore)}");
        output.WriteLine($"  replicas after:  {(report.ReplicasAfter.Count == 0 ? "(not seen)" : string.Join(", ", report.ReplicasAfter))}");
        output.WriteLine();
        output.WriteLine("feasible = a surviving site could answer in time even idle; percentages are of feasible requests; lost = no answer and no");
        output.WriteLine("refusal; expired = the client's budget ran out on the way to dead gateways (or it sent late), so never sent");
        output.WriteLine($"{"class",-12} {"window",-17} {"requests",8} {"feasible",8} {"hit %",7} {"answered%",9} {"rejected%",9} {"lost",5} {"expired",7} {"p99 ms",7}");
        foreach (ChaosWindow w in report.Windows)
        {
            output.WriteLine(Invariant($"{w.Class,-12} {w.Window,-17} {w.Requests,8:N0} {w.Feasible,8:N0} {w.HitPct,7:0.00} {w.AnsweredPct,9:0.00} {w.RejectedPct,9:0.00} {w.Lost,5} {w.Expired,7} {(w.P99Ms is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "-"),7}"));
        }
    }

    private static string Ms(double? ms) => ms is { } value ? Invariant($"{value:0} ms") : "(not seen during the run)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
