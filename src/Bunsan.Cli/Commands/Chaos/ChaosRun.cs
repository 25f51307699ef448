using System.Collections.Immutable;
using System.Diagnostics;
using Bunsan.Cli.Commands.Demo;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Chaos;

/// <summary>
/// One chaos run: the demo's federation (control plane and agents as processes, wide-area latency and execution
/// emulated) under the demo's load, with clients that turn to their next gateway when theirs refuses the connection;
/// after a warm-up the victims are killed with SIGKILL mid-run, and every request is classed by window and by whether a
/// surviving site could have answered it in time.
/// </summary>
internal sealed partial class ChaosRun(CliContext context, ChaosOptions options, string? workDirectory)
{
    /// <summary>The function whose placement is watched: the demo's realtime one.</summary>
    private const string Watched = "collision-warning";

    /// <summary>The window right after the kill, before the control plane can have reacted.</summary>
    private const double FirstWindowMs = 2_000;

    public async Task<ChaosReport> RunAsync(CancellationToken cancel)
    {
        (string catalogPath, ImmutableArray<FunctionSpec> functions, Topology sites) = DemoRun.Inputs(options.Sites);
        LoadPlan plan = DemoRun.PlanLoad(sites, functions, options.Seconds, options.RateScale, options.Seed);
        string directory = workDirectory ?? Directory.CreateTempSubdirectory("bunsan-chaos-").FullName;
        try
        {
            using var federation = new DemoFederation(directory, sites);
            Progress($"starting the control plane and {sites.Sites.Length} agents (logs in {directory})");
            await DemoRun.StartDeployedAsync(federation, "bunsan", functions, catalogPath, cancel);

            using HttpClient http = LoadGenerator.CreateHttpClient();
            var generator = new LoadGenerator(http, new LoadGeneratorOptions
            {
                EmulateWan = true, SendExecTime = true, Body = DemoRun.Body, GatewayFailover = true,
            });
            Progress("warming up (unmeasured)");
            await generator.SendAllAsync(plan.WithRequests([.. plan.Requests.Where(r => r.TimeMs < DemoRun.WarmUpMs)]), cancel);

            using var client = federation.Client();
            string[] victims = Victims(client, sites);
            string[] before = Replicas(client);
            if (options.Scenario == ChaosOptions.ControlPlaneDown)
            {
                return await OutageAsync(federation, generator, plan, sites, victims[0], before, directory, cancel);
            }
            Progress($"sending {plan.Requests.Length:N0} requests over {options.Seconds:0} s; killing {string.Join(", ", victims)} at {options.KillAtSeconds:0} s");
            long started = Stopwatch.GetTimestamp();
            Task<RequestOutcome[]> sending = generator.SendAllAsync(plan, cancel);
            await Task.Delay(TimeSpan.FromSeconds(options.KillAtSeconds), cancel);
            long killedAt = Stopwatch.GetTimestamp();
            foreach (string victim in victims)
            {
                federation.KillAgent(victim);
            }
            double killMs = Stopwatch.GetElapsedTime(started, killedAt).TotalMilliseconds;
            var watch = new FailoverWatch(client, victims, Watched, killedAt);
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Task watched = watch.RunAsync(watching.Token);
            RequestOutcome[] outcomes = await sending;
            await watching.CancelAsync();
            await watched;
            DemoRequestLog.Write(Path.Combine(directory, "requests.csv"), plan, outcomes);
            return new ChaosReport(options.Scenario, victims, sites.Sites.Length, options.Seconds, killMs / 1000,
                watch.SuspectedMs, watch.DownMs, watch.RestoredMs, before, watch.ReplicasAfter,
                Windows(plan, outcomes, sites, victims, killMs));
        }
        finally
        {
            if (workDirectory is null)
            {
                DemoRun.TryDelete(directory);
            }
        }
    }

    /// <summary>
    /// kill-agent (and control-plane-down, whose victim is restarted during the outage): the replica of the realtime function where most of its requests enter (not the core site) — a busy
    /// gateway and replica at once. kill-region: every site of that site's region.
    /// </summary>
    private string[] Victims(Control.ControlClient client, Topology sites)
    {
        string[] replicas = Replicas(client);
        var ingress = client.Get("v1/sites").EnumerateArray().ToDictionary(
            s => s.GetProperty("id").GetString()!,
            s => s.TryGetProperty("ingress_rps", out var rates) && rates.ValueKind == System.Text.Json.JsonValueKind.Object
                && rates.TryGetProperty(Watched, out var rps) ? rps.GetDouble() : 0);
        string busiest = replicas.Where(id => id != DemoSites.CloudSite).OrderByDescending(id => ingress.GetValueOrDefault(id)).ThenBy(id => id, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new IOException($"no edge site hosts {Watched}: nothing to kill");
        if (options.Scenario != ChaosOptions.KillRegion)
        {
            return [busiest];
        }
        string region = sites.Sites[sites.IndexOf(busiest)].Domains.Region;
        return [.. sites.Sites.Where(s => s.Domains.Region == region).Select(s => s.Id)];
    }

    private static string[] Replicas(Control.ControlClient client) =>
        [.. client.Get("v1/functions/" + Watched).GetProperty("replicas").EnumerateArray().Select(r => r.GetString()!)];

    private static List<ChaosWindow> Windows(LoadPlan plan, RequestOutcome[] outcomes, Topology sites, string[] victims, double killMs, double? endMs = null)
    {
        GeoPoint[] survivors = [.. sites.Sites.Where(s => !victims.Contains(s.Id)).Select(s => s.Location)];
        var windows = new List<ChaosWindow>();
        for (int f = 0; f < plan.Functions.Length; f++)
        {
            FunctionSpec function = plan.Functions[f];
            double budget = function.Class.BudgetMs;
            bool Feasible(PlannedRequest r) =>
                survivors.Min(s => plan.Scenario.Latency.RttMs(plan.OriginLocation(r.Origin), s)) + r.ExecMs <= budget;
            List<(RequestOutcome, bool)> Pick(Func<PlannedRequest, bool> keep) =>
                [.. Enumerable.Range(0, plan.Requests.Length).Where(i => plan.Requests[i].Function == f && keep(plan.Requests[i]))
                    .Select(i => (outcomes[i], Feasible(plan.Requests[i])))];
            string name = function.Class.Name;
            windows.Add(ChaosWindow.Of(name, budget, "before the kill", Pick(r => r.TimeMs < killMs)));
            if (endMs is { } end)
            {
                // An outage: the failure ends (at endMs), so during and after it are told apart.
                windows.Add(ChaosWindow.Of(name, budget, "during the outage", Pick(r => r.TimeMs >= killMs && r.TimeMs < end)));
                windows.Add(ChaosWindow.Of(name, budget, "after the outage", Pick(r => r.TimeMs >= end)));
                continue;
            }
            windows.Add(ChaosWindow.Of(name, budget, "first 2 s after", Pick(r => r.TimeMs >= killMs && r.TimeMs < killMs + FirstWindowMs)));
            windows.Add(ChaosWindow.Of(name, budget, "all after", Pick(r => r.TimeMs >= killMs)));
        }
        return windows;
    }

    private void Progress(string line) => DemoRun.Progress(context, "chaos", line);
}
