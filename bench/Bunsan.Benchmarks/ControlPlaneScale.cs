using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Core.Topologies;
using Bunsan.Executor;

namespace Bunsan.Benchmarks;

/// <summary>
/// Issue 4's scale figure as a scenario (a minute of load does not fit BenchmarkDotNet's micro harness): a control
/// plane in its own process, N agents registered and heartbeating every second over its real gRPC service, and an
/// HTTP API prober. The same probes run first with every site silent (the baseline of the same run), then under the
/// beats, so the report gives API p99 under load against idle. Target: API p99 &lt; 50 ms at 10,000 agents.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- control-plane-scale [--sites N] [--seconds S]
/// </summary>
internal static class ControlPlaneScale
{
    public const string Verb = "control-plane-scale";
    private const int RegisterConcurrency = 32;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(ControlPlaneScaleOptions.Usage);
            return 0;
        }
        (ControlPlaneScaleOptions? options, string? error) = ControlPlaneScaleOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error + Environment.NewLine + Environment.NewLine + ControlPlaneScaleOptions.Usage);
            return 2;
        }
        string data = options.ReuseData ?? options.KeepData ?? Directory.CreateTempSubdirectory("bunsan-scale-").FullName;
        try
        {
            await RunAsync(options, data);
            return 0;
        }
        finally
        {
            if (options.ReuseData is null && options.KeepData is null)
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task RunAsync(ControlPlaneScaleOptions options, string data)
    {
        Topology topology = SyntheticTopology.Generate(options.Sites, options.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"control-plane-scale {DateTime.UtcNow:u}: {options.Sites:N0} sites ({string.Join(", ", topology.Sites.GroupBy(s => s.Tier).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))}), {options.Channels} HTTP/2 connections, probes {options.ProbeRate}/s, a deploy every {options.DeployEverySeconds} s, load noise ±{options.LoadNoise}, {Environment.ProcessorCount} cores, server GC {GCSettings.IsServerGC}, generator {ControlPlaneRuntime.Gen0Budget.Key}={Environment.GetEnvironmentVariable(ControlPlaneRuntime.Gen0Budget.Key) ?? "unset"}"));
        if (Environment.GetEnvironmentVariable(ControlPlaneRuntime.Gen0Budget.Key) is null)
        {
            // The probes are timed in this process: its own GC pauses would be read as the server's latency.
            Console.WriteLine($"note: {ControlPlaneRuntime.Gen0Budget.Key} is not set for this generator, so its own gen0 collections (thousands under 10,000 beats/s) inflate every measured latency; run with {ControlPlaneRuntime.Gen0Budget.Key}={ControlPlaneRuntime.Gen0Budget.Value} as BENCHMARKS.md §10 does");
        }
        await using ControlPlaneScaleServerProcess server = await ControlPlaneScaleServerProcess.StartAsync(data, options.ServerGc);
        using HttpClient admin = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.Api,
            Timeout = TimeSpan.FromMinutes(2),
        };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(data, "admin.token"));
        using var agents = new ControlPlaneScaleAgents(server.Agent, await TokenAsync(data, "join.token"), topology, options.Channels, options.LoadNoise, options.Seed);

        var register = new ControlPlaneScaleLatencies("Register (gRPC)");
        if (options.ReuseData is null)
        {
            await RegisterAsync(agents, register, server);
        }
        else
        {
            Console.WriteLine($"reusing the {options.Sites:N0} sites registered in {data} (registration measured by the run that kept it)");
        }
        string digest = await DeployAsync(admin);
        var idle = new ControlPlaneScaleProbe("silent", admin, agents, digest, TimeSpan.FromSeconds(options.DeployEverySeconds));
        var idleCpu = new ControlPlaneScaleCpu(server.Process);
        await idle.RunAsync(options.ProbeRate, TimeSpan.FromSeconds(options.BaselineSeconds));
        var report = new ControlPlaneScaleReport(register, idle, idleCpu.Summary());
        report.PrintSilent();

        var beats = new ControlPlaneScaleLatencies("Heartbeat (gRPC)");
        var lag = new ControlPlaneScaleLatencies("beat send lag (generator)");
        bool recording = false;
        using var stopBeats = new CancellationTokenSource();
        Task beating = agents.RunHeartbeatsAsync(beats, lag, () => Volatile.Read(ref recording), stopBeats.Token);
        Task progress = ReportProgressAsync(agents, stopBeats.Token);
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var loaded = new ControlPlaneScaleProbe("beating", admin, agents, digest, TimeSpan.FromSeconds(options.DeployEverySeconds));
        var loadedCpu = new ControlPlaneScaleCpu(server.Process);
        long planBefore = await PlanVersionAsync(admin);
        (long sentBefore, long skippedBefore) = (agents.Sent, agents.Skipped);
        await server.MarkCollectionsAsync();
        long window = Stopwatch.GetTimestamp();
        Volatile.Write(ref recording, true);
        await loaded.RunAsync(options.ProbeRate, TimeSpan.FromSeconds(options.Seconds));
        Volatile.Write(ref recording, false);
        double windowSeconds = Stopwatch.GetElapsedTime(window).TotalSeconds;
        string heartbeats = string.Create(CultureInfo.InvariantCulture,
            $"heartbeats: {agents.Sent - sentBefore:N0} due in the {windowSeconds:F1} s window ({(agents.Sent - sentBefore) / windowSeconds:F0}/s, target {options.Sites:N0}/s), {agents.Skipped - skippedBefore:N0} of them not sent (backlog cap), {beats.Count:N0} answered OK ({beats.Count / windowSeconds:F0}/s)");
        string loadedCpuSummary = loadedCpu.Summary();
        long plans = await PlanVersionAsync(admin) - planBefore;
        Console.WriteLine("profiling the placement beat in the server (beats still running) ...");
        IReadOnlyList<string> profile = await server.ProfileAsync();
        await stopBeats.CancelAsync();
        await beating;
        await progress;
        report.PrintBeating(beats, lag, loaded, $"{heartbeats}; {plans} new plan versions in the window", loadedCpuSummary, profile);
    }

    private static async Task RegisterAsync(ControlPlaneScaleAgents agents, ControlPlaneScaleLatencies register, ControlPlaneScaleServerProcess server)
    {
        var cpu = new ControlPlaneScaleCpu(server.Process);
        long start = Stopwatch.GetTimestamp();
        await agents.RegisterAsync(RegisterConcurrency, register, done => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {done:N0} registered after {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s")));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registered {register.Count:N0} sites in {seconds:F1} s ({register.Count / seconds:F0}/s, {RegisterConcurrency} calls at a time); {cpu.Summary()}"));
    }

    /// <summary>Every 5 s while agents beat: what is due, answered, in flight and skipped, so a stall shows as it happens.</summary>
    private static async Task ReportProgressAsync(ControlPlaneScaleAgents agents, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  beating {Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s: {agents.Sent:N0} due, {agents.Answered:N0} answered, {agents.InFlight:N0} in flight, {agents.Skipped:N0} not sent (backlog cap)"));
            }
        }
        catch (OperationCanceledException)
        {
            // Beats stopped.
        }
    }

    /// <summary>Uploads echo (examples/functions/echo.wat as a binary) and deploys it twice: interactive and realtime.</summary>
    private static async Task<string> DeployAsync(HttpClient admin)
    {
        using var module = new ByteArrayContent(Wasmtime.Module.ConvertText(ExampleFunctions.Echo));
        using HttpResponseMessage uploaded = await admin.PostAsync("v1/modules", module);
        string digest = (await Json(uploaded)).GetProperty("digest").GetString()!;
        foreach ((string name, string latencyClass) in new[] { (ControlPlaneScaleProbe.PutFunction, "interactive"), ("echo-realtime", "realtime") })
        {
            long start = Stopwatch.GetTimestamp();
            using HttpResponseMessage deployed = await admin.PutAsJsonAsync($"v1/functions/{name}",
                new Dictionary<string, string> { ["module_digest"] = digest, ["class"] = latencyClass });
            JsonElement view = await Json(deployed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"deployed {name} ({latencyClass}) in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F0} ms: {view.GetProperty("replicas").GetArrayLength()} replicas"));
        }
        return digest;
    }

    private static async Task<long> PlanVersionAsync(HttpClient admin)
    {
        using HttpResponseMessage response = await admin.GetAsync("v1/plan");
        return (await Json(response)).GetProperty("version").GetInt64();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> TokenAsync(string data, string file) =>
        (await File.ReadAllTextAsync(Path.Combine(data, file))).Trim();
}
