using System.Diagnostics;
using System.Text;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>
/// Four real `bunsan agent` processes on loopback, sites a few hundred km apart (Sendai, Tokyo, Nagoya, Fukuoka, so the
/// latency model gives distinct RTTs), sharing one topology and catalog written to a temporary folder. Tokyo lends one
/// core, so a burst there overloads it. Started once for the test class; killed on dispose.
/// </summary>
public sealed class AgentFederation : IAsyncLifetime
{
    public static readonly (string Id, double Lat, double Lon, int Cores)[] Sites =
    [
        ("sendai", 38.2682, 140.8694, 2),
        ("tokyo", 35.6895, 139.6917, 1),
        ("nagoya", 35.1815, 136.9066, 2),
        ("fukuoka", 33.5904, 130.4017, 2),
    ];

    private readonly List<Process> _agents = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bunsan-agent-tests", Guid.NewGuid().ToString("N"));

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Dictionary<string, Uri> Endpoints { get; } = [];

    public static string FunctionsYaml => """
        functions:
          - { name: echo, class: 2000ms, module: echo.wat, execution: { p50_ms: 0.5, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 4 } }
          - { name: primes, class: 2000ms, module: primes.wat, execution: { p50_ms: 100, p99_ms: 150 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 4 } }
          - { name: spin, class: 2000ms, module: spin.wat, execution: { p50_ms: 1, p99_ms: 5 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 4 } }
          - { name: hog, class: 2000ms, module: hog.wat, execution: { p50_ms: 1, p99_ms: 5 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 4 } }
          - { name: slow, class: 10000ms, module: echo.wat, execution: { p50_ms: 3000, p99_ms: 4000 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 4 } }
        """;

    public string TopologyPath => Path.Combine(_folder, "topology.yaml");

    public string FunctionsPath => Path.Combine(_folder, "functions.yaml");

    public static string BunsanDll => Path.Combine(AppContext.BaseDirectory, "bunsan.dll");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var topology = new StringBuilder("name: test-federation\nsites:\n");
        foreach (var (id, lat, lon, cores) in Sites)
        {
            int port = LoopbackPorts.Free();
            Endpoints[id] = new Uri($"http://127.0.0.1:{port}/");
            topology.Append(FormattableString.Invariant(
                $"  - {{ id: {id}, location: {{ lat: {lat}, lon: {lon} }}, tier: edge, jurisdiction: JP, metro: {id}, region: {id}, capacity: {{ cores: {cores}, memory_gib: 8 }}, energy: {{ idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 }}, endpoint: \"http://127.0.0.1:{port}\" }}\n"));
        }
        File.WriteAllText(TopologyPath, topology.ToString());
        File.WriteAllText(FunctionsPath, FunctionsYaml);
        File.WriteAllText(Path.Combine(_folder, "echo.wat"), Executor.ExampleFunctions.Echo);
        File.WriteAllText(Path.Combine(_folder, "primes.wat"), Executor.ExampleFunctions.Primes);
        File.WriteAllText(Path.Combine(_folder, "spin.wat"), HostileModules.InfiniteLoop);
        File.WriteAllText(Path.Combine(_folder, "hog.wat"), HostileModules.MemoryHog);
        foreach (var (id, _, _, _) in Sites)
        {
            _agents.Add(Start(id));
        }
        foreach (var (id, _, _, _) in Sites)
        {
            await WaitUntilHealthyAsync(id);
        }
        // Warm every agent and every gateway → peer connection once, so JIT and connection set-up are not measured by the tests.
        foreach (var (gateway, _, _, _) in Sites)
        {
            foreach (var (_, lat, lon, _) in Sites)
            {
                using var _ = await InvokeAsync(gateway, "echo", "warm", origin: FormattableString.Invariant($"{lat},{lon}"));
            }
        }
    }

    public async Task<HttpResponseMessage> InvokeAsync(string gateway, string function, string body, string? origin = null, string? deadlineMs = null, byte[]? bytes = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoints[gateway], "v1/invoke/" + function))
        {
            Content = new ByteArrayContent(bytes ?? Encoding.UTF8.GetBytes(body)),
        };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Bunsan-Origin", origin);
        }
        if (deadlineMs is not null)
        {
            request.Headers.TryAddWithoutValidation("Bunsan-Deadline-Ms", deadlineMs);
        }
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;

    public async ValueTask DisposeAsync()
    {
        foreach (Process agent in _agents)
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
            }
            await agent.WaitForExitAsync();
            agent.Dispose();
        }
        Client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Process Start(string site)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[BunsanDll, "agent", "--topology", TopologyPath, "--functions", FunctionsPath, "--site", site,
            "--data-dir", Path.Combine(_folder, "data-" + site)])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        // Drain the pipes so a chatty agent never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilHealthyAsync(string site)
    {
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync(new Uri(Endpoints[site], "v1/health"), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromSeconds(60))
            {
                // Not listening yet: the health endpoint is the readiness signal, polled until it answers.
            }
            Assert.False(_agents.Any(a => a.HasExited), $"an agent exited during start-up (site {site})");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
