using System.Diagnostics;
using Bunsan.Cli.Commands.Control;
using Bunsan.Cli.Commands.Demo;
using Bunsan.Core.Topologies;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Chaos;

internal sealed partial class ChaosRun
{
    /// <summary>
    /// control-plane-down: the control plane is killed mid-run and stays down for the outage; meanwhile the busiest
    /// edge agent is killed and restarted (it must serve again from its cached plan, with nobody to ask); then the
    /// control plane restarts on the same data and every agent must rejoin on its own.
    /// </summary>
    private async Task<ChaosReport> OutageAsync(DemoFederation federation, LoadGenerator generator, LoadPlan plan, Topology sites,
        string restarted, string[] replicas, string directory, CancellationToken cancel)
    {
        Progress($"sending {plan.Requests.Length:N0} requests over {options.Seconds:0} s; the control plane goes down at {options.KillAtSeconds:0} s " +
            $"for {options.OutageSeconds:0} s, and {restarted} restarts {options.AgentRestartAfterSeconds:0.#} s into the outage");
        long started = Stopwatch.GetTimestamp();
        Task<RequestOutcome[]> sending = generator.SendAllAsync(plan, cancel);
        await Task.Delay(TimeSpan.FromSeconds(options.KillAtSeconds), cancel);
        double killMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        federation.KillControlPlane();

        await Task.Delay(TimeSpan.FromSeconds(options.AgentRestartAfterSeconds), cancel);
        long restartAt = Stopwatch.GetTimestamp();
        await federation.RestartAgentAsync(restarted, cancel);
        double servingMs = Stopwatch.GetElapsedTime(restartAt).TotalMilliseconds;
        Progress($"{restarted} serves its cached plan again after {servingMs:0} ms");

        double backAtMs = (options.KillAtSeconds + options.OutageSeconds) * 1000;
        TimeSpan rest = TimeSpan.FromMilliseconds(backAtMs - Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, cancel);
        }
        double endMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        long backAt = Stopwatch.GetTimestamp();
        await federation.StartControlPlaneAsync(cancel);
        await federation.WaitForAllHealthyAsync(cancel);
        double reconnectedMs = Stopwatch.GetElapsedTime(backAt).TotalMilliseconds;
        Progress($"the control plane is back; every agent rejoined after {reconnectedMs:0} ms");

        RequestOutcome[] outcomes = await sending;
        DemoRequestLog.Write(Path.Combine(directory, "requests.csv"), plan, outcomes);
        using ControlClient client = federation.Client();
        return new ChaosReport(options.Scenario, ["control-plane", restarted + " (restarted)"], sites.Sites.Length, options.Seconds, killMs / 1000,
            null, null, null, replicas, Replicas(client), Windows(plan, outcomes, sites, [], killMs, endMs),
            options.OutageSeconds, servingMs, reconnectedMs);
    }
}
