using Bunsan.Emulation.Load;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Cli.Commands.Chaos;

/// <summary>
/// What `bunsan chaos` measured (the shape of its --json). Kill scenarios: when the control plane saw the victims
/// unhealthy and down, and placed the realtime function without them. control-plane-down: how long the restarted agent
/// took to serve again with no control plane (<c>AgentServingMs</c>), and how long after the control plane came back
/// every agent was healthy again without intervention (<c>ReconnectedMs</c>).
/// </summary>
internal sealed record ChaosReport(
    string Scenario, IReadOnlyList<string> Killed, int Sites, double Seconds, double KillAtSeconds,
    double? SuspectedMs, double? DownMs, double? RestoredMs, IReadOnlyList<string> ReplicasBefore, IReadOnlyList<string> ReplicasAfter,
    IReadOnlyList<ChaosWindow> Windows, double? OutageSeconds = null, double? AgentServingMs = null, double? ReconnectedMs = null);

/// <summary>
/// One class in one window of the run. <c>Feasible</c>: requests some surviving site could answer in time even idle
/// (the others no failover can save); the percentages are of those. <c>Lost</c>: feasible requests that got neither an
/// answer nor an explicit refusal (a broken connection, a timeout, an HTTP error) — what failover must keep at zero.
/// <c>Expired</c>: feasible requests whose client spent the budget before any gateway took them (on the way to dead
/// gateways, or sending late), so never sent.
/// </summary>
internal sealed record ChaosWindow(
    string Class, string Window, int Requests, int Feasible, double HitPct, double AnsweredPct, double RejectedPct, int Lost, int Expired, double? P99Ms)
{
    public static ChaosWindow Of(string className, double budgetMs, string window, IReadOnlyList<(RequestOutcome Outcome, bool Feasible)> requests)
    {
        var feasible = requests.Where(r => r.Feasible).Select(r => r.Outcome).ToList();
        int answered = feasible.Count(o => o.Kind == RequestOutcomeKind.Answered);
        int hits = feasible.Count(o => o.Kind == RequestOutcomeKind.Answered && o.LatencyMs <= budgetMs);
        int rejected = feasible.Count(o => o.Kind == RequestOutcomeKind.Rejected);
        int lost = feasible.Count(o => o.Kind == RequestOutcomeKind.Failed);
        int expired = feasible.Count(o => o.Kind == RequestOutcomeKind.Expired);
        double[] latencies = [.. feasible.Where(o => o.Kind == RequestOutcomeKind.Answered).Select(o => o.LatencyMs).Order()];
        return new ChaosWindow(className, window, requests.Count, feasible.Count, ReportMath.Percent(hits, feasible.Count),
            ReportMath.Percent(answered, feasible.Count), ReportMath.Percent(rejected, feasible.Count), lost, expired,
            ReportMath.Quantile<double>(latencies, 0.99));
    }
}
