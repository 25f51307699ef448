using System.Collections.Immutable;
using Bunsan.Cli.Commands.Control;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Net;
using Bunsan.Core.Topologies;
using Bunsan.Emulation.Load;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>The demo's steps: plan the load once, start the control plane, deploy, then one fresh federation per strategy.</summary>
internal sealed class DemoRun(CliContext context, DemoOptions options, string? workDirectory)
{
    public const string Catalog = "examples/demo/functions.yaml";

    /// <summary>The body of every request: N = 20,000 for the primes kernel (~0.5 ms of real CPU); echo returns it.</summary>
    internal static readonly byte[] Body = BitConverter.GetBytes(20_000u);

    internal const double WarmUpMs = 8_000;

    public async Task<DemoReport> RunAsync(CancellationToken cancel)
    {
        (string catalogPath, ImmutableArray<FunctionSpec> functions, Topology sites) = Inputs(options.Sites);
        LoadPlan plan = PlanLoad(sites, functions, options.PhaseSeconds, options.RateScale, options.Seed);
        var burst = new RegionalBurst(DemoOptions.BurstCentre, DemoOptions.BurstRadiusKm, options.BurstFactor, options.BurstFromMs, options.BurstToMs);
        plan = burst.ApplyTo(plan, options.Seed);

        string directory = workDirectory ?? Directory.CreateTempSubdirectory("bunsan-demo-").FullName;
        Directory.CreateDirectory(directory);
        var phases = new List<DemoStrategy>();
        try
        {
            foreach (string strategy in options.Strategies)
            {
                // Everything fresh per strategy, and the functions deployed only once every site has joined: each
                // strategy starts from the same placement, made on the whole federation (deployed while sites were
                // still joining, placements depended on who joined first, and strategies were compared on different ones).
                using var federation = new DemoFederation(Path.Combine(directory, strategy), sites);
                Progress($"{strategy}: starting the control plane and {sites.Sites.Length} agents (logs in {directory})");
                await StartDeployedAsync(federation, strategy, functions, catalogPath, cancel);
                Progress($"{strategy}: sending {plan.Requests.Length:N0} requests over {options.PhaseSeconds:0} s (Osaka ×{options.BurstFactor:0.#} from {options.BurstFromMs / 1000:0} s to {options.BurstToMs / 1000:0} s)");
                phases.Add(await MeasureAsync(strategy, plan, burst, directory, cancel));
            }
        }
        finally
        {
            if (workDirectory is null)
            {
                TryDelete(directory);
            }
        }
        return new DemoReport(sites.Name, sites.Sites.Length, options.PhaseSeconds,
            FormattableString.Invariant($"Osaka (≤ {DemoOptions.BurstRadiusKm:0} km) ×{options.BurstFactor:0.#} from {options.BurstFromMs / 1000:0} s to {options.BurstToMs / 1000:0} s"),
            EmulatedWan: true, EmulatedExecution: true, phases);
    }

    /// <summary>The demo's catalog (its path and functions) and the first <paramref name="siteCount"/> sites, each on a free port.</summary>
    internal static (string CatalogPath, ImmutableArray<FunctionSpec> Functions, Topology Sites) Inputs(int siteCount)
    {
        string catalogPath = SimInputs.FromRepo(Catalog, "--functions");
        var ids = DemoSites.Pick(siteCount);
        return (catalogPath, SimInputs.LoadFunctions(catalogPath), DemoSites.Select(DemoCommand.LoadJapan(), ids, LoopbackPorts.Free(ids.Length)));
    }

    /// <summary>Starts the control plane and every agent, deploys the catalog once all have joined, and waits until every agent serves the plan.</summary>
    internal static async Task StartDeployedAsync(DemoFederation federation, string strategy, ImmutableArray<FunctionSpec> functions, string catalogPath, CancellationToken cancel)
    {
        await federation.StartControlPlaneAsync(cancel);
        await federation.StartAgentsAsync(strategy, cancel);
        Deploy(federation, functions, Path.GetDirectoryName(catalogPath)!);
        await federation.WaitForPlanAsync(cancel);
    }

    /// <summary>The requests `bunsan sim` would replay on these sites for <paramref name="seconds"/> of the sample trace.</summary>
    internal static LoadPlan PlanLoad(Topology sites, ImmutableArray<FunctionSpec> functions, double seconds, double rateScale, int seed)
    {
        AzureFunctionsTrace trace = SimInputs.LoadAzureTrace(null);
        SimulationScenario scenario = ScenarioBuilder.FromAzureTrace(sites, FittedLatencyModel.Default, functions, trace, 0,
            seconds / 60, rateScale, OriginCatalog.JapanMunicipalities, seed);
        return LoadPlan.TryCreate(scenario, out LoadPlan? plan, out string? error) ? plan! : throw new IOException(error);
    }

    private static void Deploy(DemoFederation federation, ImmutableArray<FunctionSpec> functions, string catalogDirectory)
    {
        using ControlClient client = federation.Client();
        foreach (FunctionSpec f in functions)
        {
            byte[] module = ModuleFile.Read(Path.Combine(catalogDirectory, f.Module!));
            string digest = client.PostBytes("v1/modules", module).GetProperty("digest").GetString()!;
            client.PutJson("v1/functions/" + f.Name, new Dictionary<string, object?>
            {
                ["module_digest"] = digest,
                ["class"] = f.Class.Name,
                ["exec_p50_ms"] = f.Execution.P50Ms,
                ["exec_p99_ms"] = f.Execution.P99Ms,
                ["cores"] = f.Resources.Cores,
                ["memory_mib"] = f.Resources.MemoryMiB,
                ["residency"] = f.Residency,
                ["min_replicas"] = f.MinReplicas,
                ["max_replicas"] = f.MaxReplicas,
            });
        }
    }

    private async Task<DemoStrategy> MeasureAsync(string strategy, LoadPlan plan, RegionalBurst burst, string directory, CancellationToken cancel)
    {
        using HttpClient http = LoadGenerator.CreateHttpClient();
        var generator = new LoadGenerator(http, new LoadGeneratorOptions { EmulateWan = true, SendExecTime = true, Body = Body });
        // Unmeasured warm-up: the run's first seconds, before the burst, so every process has compiled its hot paths
        // (measured: realtime p50 14 ms over a cold 40-s run, 7 ms over the warm second half of a 60-s one).
        await generator.SendAllAsync(plan.WithRequests([.. plan.Requests.Where(r => r.TimeMs < WarmUpMs)]), cancel);
        RequestOutcome[] outcomes;
        using (var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            Task ticker = TickAsync(strategy, ticking.Token);
            outcomes = await generator.SendAllAsync(plan, cancel);
            await ticking.CancelAsync();
            await ticker;
        }
        DemoRequestLog.Write(Path.Combine(directory, $"requests-{strategy}.csv"), plan, outcomes);
        return DemoMeasurement.Summarise(strategy, generator, plan, outcomes, burst, options.PhaseSeconds);
    }

    /// <summary>Live progress while a strategy is measured: every 5 s, how far it is and whether the burst is on.</summary>
    private async Task TickAsync(string strategy, CancellationToken cancel)
    {
        var started = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                double ms = (DateTime.UtcNow - started).TotalMilliseconds;
                string burst = ms >= options.BurstFromMs && ms < options.BurstToMs ? " (burst on)" : "";
                Progress(FormattableString.Invariant($"{strategy}: {ms / 1000:0} s of {options.PhaseSeconds:0} s{burst}"));
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }
    }

    private void Progress(string line) => Progress(context, "demo", line);

    /// <summary>A progress line on stderr, when someone watches it (a terminal or an unredirected stream).</summary>
    internal static void Progress(CliContext context, string command, string line)
    {
        if (context.ErrorIsTerminal || !Console.IsErrorRedirected)
        {
            context.Error.WriteLine(command + ": " + line);
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
