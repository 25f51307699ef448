using System.Diagnostics;
using System.Text;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>
/// Three sites for forwarding tests: Busan (KR) is a gateway only, since the functions may run only in JP; Fukuoka and
/// Tokyo (JP) host them. A request posted to Busan (the gateway) from Fukuoka's location is forwarded to Fukuoka first and Tokyo next.
/// Each site runs as a real `bunsan agent` process (started when its banner is printed, so "after start" is an explicit
/// signal) or in this process (<see cref="AgentHost"/>, to look at its peer connections). Owned by one test.
/// </summary>
public sealed class PeerFederation : IAsyncDisposable
{
    public const string GatewaySite = "busan";
    public const string First = "fukuoka";
    public const string Second = "tokyo";
    public const string FromFirst = "33.59,130.40";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bunsan-peer-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, Process> _processes = [];
    private readonly List<AgentHost> _hosts = [];

    public PeerFederation()
    {
        Directory.CreateDirectory(_folder);
        var topology = new StringBuilder("sites:\n");
        foreach (var (id, lat, lon, jurisdiction) in (ReadOnlySpan<(string, double, double, string)>)[(GatewaySite, 35.18, 129.08, "KR"), (First, 33.59, 130.40, "JP"), (Second, 35.69, 139.69, "JP")])
        {
            int port = LoopbackPorts.Free();
            Endpoints[id] = new Uri($"http://127.0.0.1:{port}/");
            topology.Append(FormattableString.Invariant(
                $"  - {{ id: {id}, location: {{ lat: {lat}, lon: {lon} }}, tier: edge, jurisdiction: {jurisdiction}, metro: {id}, region: {id}, capacity: {{ cores: 2, memory_gib: 8 }}, energy: {{ idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 }}, endpoint: \"http://127.0.0.1:{port}\" }}\n"));
        }
        File.WriteAllText(TopologyPath, topology.ToString());
        File.WriteAllText(FunctionsPath, """
            functions:
              - { name: echo, class: 2000ms, module: echo.wat, residency: [JP], execution: { p50_ms: 0.1, p99_ms: 1 }, resources: { cores: 0.01, memory_mib: 16 }, replicas: { min: 2 } }
              - { name: primes, class: 2000ms, module: primes.wat, residency: [JP], execution: { p50_ms: 15, p99_ms: 30 }, resources: { cores: 1, memory_mib: 16 }, replicas: { min: 2 } }
            """);
        File.WriteAllText(Path.Combine(_folder, "echo.wat"), Executor.ExampleFunctions.Echo);
        File.WriteAllText(Path.Combine(_folder, "primes.wat"), Executor.ExampleFunctions.Primes);
    }

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Dictionary<string, Uri> Endpoints { get; } = [];

    private string TopologyPath => Path.Combine(_folder, "topology.yaml");

    private string FunctionsPath => Path.Combine(_folder, "functions.yaml");

    /// <summary>Starts a site's agent as a process; returns once it printed its banner, i.e. once start-up (warm-up included) is over.</summary>
    public async Task StartProcessAsync(string site)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[AgentFederation.BunsanDll, "agent", "--topology", TopologyPath, "--functions", FunctionsPath, "--site", site,
            "--data-dir", Path.Combine(_folder, "data-" + site), "--peer-protocol", "2"])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        _processes[site] = process;
        var banner = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("bunsan agent: site", StringComparison.Ordinal) == true)
            {
                banner.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) => errors.AppendLine(line.Data);
        process.Exited += (_, _) => banner.TrySetException(new InvalidOperationException($"agent {site} exited: {errors}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await banner.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
    }

    /// <summary>Starts a site's agent in this process.</summary>
    public async Task<AgentHost> StartInProcessAsync(string site, Version? peerProtocol = null)
    {
        AgentStartResult started = await AgentHost.StartAsync(new AgentOptions
        {
            TopologyPath = TopologyPath,
            FunctionsPath = FunctionsPath,
            SiteId = site,
            DataDirectory = Path.Combine(_folder, "data-" + site),
            PeerProtocol = peerProtocol ?? System.Net.HttpVersion.Version20,
        });
        AgentHost host = started.Host ?? throw new InvalidOperationException($"{site}: {started.Field}: {started.Error}");
        _hosts.Add(host);
        return host;
    }

    public void Kill(string site)
    {
        _processes[site].Kill(entireProcessTree: true);
        _processes[site].WaitForExit();
    }

    public async Task<HttpResponseMessage> InvokeAsync(string function, byte[] body, string deadlineMs)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoints[GatewaySite], "v1/invoke/" + function)) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Bunsan-Origin", FromFirst);
        request.Headers.TryAddWithoutValidation("Bunsan-Deadline-Ms", deadlineMs);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process process in _processes.Values)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            process.Dispose();
        }
        foreach (AgentHost host in _hosts)
        {
            await host.DisposeAsync();
        }
        Client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
