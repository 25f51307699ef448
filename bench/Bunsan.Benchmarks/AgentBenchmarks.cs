using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bunsan.Agent;
using Bunsan.Core.Net;
using Bunsan.Executor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bunsan.Benchmarks;

/// <summary>
/// A warm echo invocation through a local agent (headers, routing, admission, fresh sandbox) against a minimal Kestrel
/// endpoint that calls the same executor in-process (the baseline: HTTP + sandbox, nothing else), both over one
/// keep-alive HTTP/1.1 connection from this process. Issue 3's target: agent ≤ 1.5× at p50 (the Median column).
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*AgentBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AgentBenchmarks
{
    private readonly byte[] _input = new byte[64];
    private LocalFederation _federation = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_input);
        _federation = LocalFederation.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _federation.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<byte[]> MinimalKestrelEcho() => _federation.PostAsync(_federation.BaselineUri, _input);

    [Benchmark]
    public Task<byte[]> AgentEcho() => _federation.PostAsync(_federation.AgentUri, _input);
}

/// <summary>
/// Echo invocations per second one agent sustains: 32 concurrent keep-alive connections, 512 requests per operation
/// (so the reported time per operation is per request; throughput = 1 / Mean). Issue 3's target: ≥ 20,000/s on 2 cores.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*AgentThroughputBenchmarks*' --job short
/// </summary>
public class AgentThroughputBenchmarks
{
    private const int Requests = 512;
    private const int Concurrency = 32;
    private readonly byte[] _input = new byte[64];
    private LocalFederation _federation = null!;

    [GlobalSetup]
    public void Setup() => _federation = LocalFederation.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _federation.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Requests)]
    public Task AgentEchoThroughput() => Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
    {
        for (int i = 0; i < Requests / Concurrency; i++)
        {
            await _federation.PostAsync(_federation.AgentUri, _input);
        }
    }));
}

/// <summary>A one-site agent and the minimal Kestrel baseline, on free loopback ports, with one shared client.</summary>
internal sealed class LocalFederation : IAsyncDisposable
{
    private readonly string _folder;
    private readonly AgentHost _agent;
    private readonly WebApplication _baseline;
    private readonly SandboxEngine _engine;
    private readonly ModuleStore _modules;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 });

    private LocalFederation(string folder, AgentHost agent, WebApplication baseline, SandboxEngine engine, ModuleStore modules, int agentPort, int baselinePort)
    {
        _folder = folder;
        _agent = agent;
        _baseline = baseline;
        _engine = engine;
        _modules = modules;
        AgentUri = new Uri($"http://127.0.0.1:{agentPort}/v1/invoke/echo");
        BaselineUri = new Uri($"http://127.0.0.1:{baselinePort}/echo");
    }

    public Uri AgentUri { get; }

    public Uri BaselineUri { get; }

    public static async Task<LocalFederation> StartAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bunsan-agent-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        int agentPort = LoopbackPorts.Free();
        File.WriteAllText(Path.Combine(folder, "echo.wat"), ExampleFunctions.Echo);
        File.WriteAllText(Path.Combine(folder, "topology.yaml"), $$"""
            sites:
              - { id: bench, location: { lat: 35.68, lon: 139.77 }, tier: edge, jurisdiction: JP, metro: tokyo, region: kanto, capacity: { cores: 2, memory_gib: 8 }, energy: { idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 }, endpoint: "http://127.0.0.1:{{agentPort}}" }
            """);
        File.WriteAllText(Path.Combine(folder, "functions.yaml"), """
            functions:
              - { name: echo, class: control, module: echo.wat, execution: { p50_ms: 0.05, p99_ms: 0.2 }, resources: { cores: 0.01, memory_mib: 16 } }
            """);
        AgentStartResult started = await AgentHost.StartAsync(new AgentOptions
        {
            TopologyPath = Path.Combine(folder, "topology.yaml"),
            FunctionsPath = Path.Combine(folder, "functions.yaml"),
            SiteId = "bench",
            DataDirectory = Path.Combine(folder, "agent"),
        });
        AgentHost agent = started.Host ?? throw new InvalidOperationException($"{started.Field}: {started.Error}");

        var engine = new SandboxEngine();
        var modules = new ModuleStore(engine, Path.Combine(folder, "baseline"));
        var executor = new FunctionExecutor(modules);
        ModuleDigest echo = modules.AddText(ExampleFunctions.Echo).Digest!.Value;
        int baselinePort = LoopbackPorts.Free();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, baselinePort));
        WebApplication baseline = builder.Build();
        baseline.MapPost("/echo", async (HttpContext http) =>
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
            int length = 0;
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
            }
            InvocationResult result = executor.Invoke(echo, buffer.AsSpan(0, length), ExecutionLimits.Default);
            ArrayPool<byte>.Shared.Return(buffer);
            http.Response.ContentLength = result.Output.Length;
            await http.Response.Body.WriteAsync(result.Output);
        });
        await baseline.StartAsync();
        return new LocalFederation(folder, agent, baseline, engine, modules, agentPort, baselinePort);
    }

    public async Task<byte[]> PostAsync(Uri uri, byte[] input)
    {
        using var content = new ByteArrayContent(input);
        using HttpResponseMessage response = await _client.PostAsync(uri, content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _agent.DisposeAsync();
        await _baseline.StopAsync();
        await _baseline.DisposeAsync();
        _modules.Dispose();
        _engine.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
