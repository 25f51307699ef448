using System.Globalization;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;
using Bunsan.Core.Net;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// One strategy's processes: a control plane (`bunsan up`) and one `bunsan agent` per site, all started fresh so that
/// no strategy inherits another's placement, queues or estimates.
/// </summary>
internal sealed class DemoFederation : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly List<ChildProcess> _agents = [];
    private ChildProcess? _controlPlane;
    private int[]? _controlPorts;
    private int _controlStarts;
    private string _strategy = "";

    public DemoFederation(string directory, Topology sites)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        Sites = sites;
    }

    public Topology Sites { get; }

    public Uri ControlUrl { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public string JoinToken { get; private set; } = "";

    /// <summary>Starts the control plane; again after <see cref="KillControlPlane"/>, on the same ports and data (a restart).</summary>
    public async Task StartControlPlaneAsync(CancellationToken cancel)
    {
        int[] ports = _controlPorts ??= ControlPlanePorts();
        string data = Path.Combine(_directory, "control-plane");
        string log = _controlStarts++ == 0 ? "control-plane.log" : $"control-plane-{_controlStarts}.log";
        _controlPlane = ChildProcess.StartSelf(
            ["up", "--data", data, "--port", Text(ports[0]), "--agent-port", Text(ports[1]), "--silo-port", Text(ports[2]), "--gateway-port", Text(ports[3])],
            Path.Combine(_directory, log));
        ControlUrl = new Uri($"http://127.0.0.1:{ports[0]}/");
        string adminFile = Path.Combine(data, "admin.token"), joinFile = Path.Combine(data, "join.token");
        // Both: the control plane writes the admin token first, the join token a moment later.
        await WaitAsync("the control plane to start", _controlPlane, () => Task.FromResult(File.Exists(adminFile) && File.Exists(joinFile)), cancel);
        AdminToken = (await File.ReadAllTextAsync(adminFile, cancel)).Trim();
        JoinToken = (await File.ReadAllTextAsync(joinFile, cancel)).Trim();
        using var client = Client();
        await WaitAsync("the control plane's API", _controlPlane, () => Task.FromResult(TryGet(client, "v1/info") is not null), cancel);
    }

    public ControlClient Client() => new(ControlUrl, AdminToken);

    /// <summary>
    /// Four free ports none of which is a site's: agents keep their ports from strategy to strategy, and between two
    /// strategies those ports are free, so the next control plane could be handed one and an agent then fail to bind.
    /// </summary>
    private int[] ControlPlanePorts()
    {
        var agentPorts = Sites.Sites.Select(s => s.Endpoint!.Port).ToHashSet();
        while (true)
        {
            int[] ports = LoopbackPorts.Free(4);
            if (!ports.Any(agentPorts.Contains))
            {
                return ports;
            }
        }
    }

    /// <summary>Starts every site's agent with the strategy and waits until each is registered and healthy.</summary>
    public async Task StartAgentsAsync(string strategy, CancellationToken cancel)
    {
        _strategy = strategy;
        foreach (Site site in Sites.Sites)
        {
            _agents.Add(ChildProcess.StartSelf(AgentArguments(site, strategy), Path.Combine(_directory, $"{site.Id}-{strategy}.log")));
        }
        await WaitForAllHealthyAsync(cancel);
    }

    /// <summary>Waits until the control plane lists every site healthy at its endpoint.</summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancel)
    {
        using var client = Client();
        await WaitAsync($"{Sites.Sites.Length} agents to join ({_strategy})", _agents[0], () => Task.FromResult(AllHealthy(client)), cancel);
    }

    /// <summary>Kills the control plane at once (SIGKILL), as a crash of its machine would, and waits until it is gone.</summary>
    public void KillControlPlane()
    {
        _controlPlane?.Dispose();
        _controlPlane = null;
    }

    /// <summary>
    /// Kills a site's agent and starts it again on the same port and data directory; returns once it serves a plan
    /// again (its cached one, when no control plane is reachable).
    /// </summary>
    public async Task RestartAgentAsync(string siteId, CancellationToken cancel)
    {
        int index = AgentIndex(siteId);
        _agents[index].Dispose();
        Site site = Sites.Sites[index];
        _agents[index] = ChildProcess.StartSelf(AgentArguments(site, _strategy), Path.Combine(_directory, $"{site.Id}-{_strategy}-restarted.log"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync($"{siteId} to serve again", _agents[index], async () => await AppliedVersionAsync(http, site.Endpoint!) > 0, cancel);
    }

    /// <summary>Kills a site's agent at once (SIGKILL: no goodbye to the control plane or its peers), as a crash would.</summary>
    public void KillAgent(string siteId) => _agents[AgentIndex(siteId)].Kill();

    private int AgentIndex(string siteId)
    {
        int index = Sites.IndexOf(siteId);
        return index >= 0 && index < _agents.Count ? index
            : throw new ArgumentException($"no agent of site '{siteId}' runs in this federation", nameof(siteId));
    }

    /// <summary>Waits until every agent serves the control plane's current plan.</summary>
    public async Task WaitForPlanAsync(CancellationToken cancel)
    {
        using var client = Client();
        long version = client.Get("v1/plan").GetProperty("version").GetInt64();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync($"the agents to apply plan {version}", _agents[0], async () =>
        {
            long[] applied = await Task.WhenAll(Sites.Sites.Select(s => AppliedVersionAsync(http, s.Endpoint!)));
            return applied.All(v => v >= version);
        }, cancel);
    }

    private string[] AgentArguments(Site site, string strategy) =>
    [
        "agent", "--control", ControlUrl.ToString(), "--token", JoinToken,
        "--name", site.Id, "--lat", Text(site.Location.Latitude), "--lon", Text(site.Location.Longitude),
        "--tier", site.Tier.ToString().ToLowerInvariant(), "--jurisdiction", site.Jurisdiction,
        "--metro", site.Domains.Metro, "--region", site.Domains.Region,
        "--cores", Text(site.Capacity.Cores), "--memory", Text(site.Capacity.MemoryGiB),
        "--port", Text(site.Endpoint!.Port), "--data-dir", Path.Combine(_directory, "agents", site.Id),
        "--strategy", strategy, "--emulate-wan", "--emulate-exec",
    ];

    private bool AllHealthy(ControlClient client)
    {
        JsonElement? sites = TryGet(client, "v1/sites");
        return sites is { } list && Sites.Sites.All(s => list.EnumerateArray().Any(v =>
            v.GetProperty("id").GetString() == s.Id && v.GetProperty("health").GetString() == "healthy" &&
            v.GetProperty("endpoint").GetString() == s.Endpoint!.ToString()));
    }

    private static async Task<long> AppliedVersionAsync(HttpClient http, Uri agent)
    {
        try
        {
            using JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(new Uri(agent, "/v1/health")));
            return health.RootElement.TryGetProperty("plan_version", out JsonElement v) ? v.GetInt64() : -1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return -1;
        }
    }

    private static JsonElement? TryGet(ControlClient client, string path)
    {
        try
        {
            return client.Get(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(string what, ChildProcess watched, Func<Task<bool>> done, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await done())
        {
            if (watched.HasExited)
            {
                throw new IOException($"waiting for {what}: a process exited; its log ({watched.LogPath}) ends:\n{watched.Tail()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new IOException($"waited {StartTimeout.TotalSeconds:0} s for {what}; see the logs in {Path.GetDirectoryName(watched.LogPath)}");
            }
            await Task.Delay(200, cancel);
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _agents.ForEach(a => a.Kill());
        _controlPlane?.Kill();
        _agents.ForEach(a => a.Dispose());
        _agents.Clear();
        _controlPlane?.Dispose();
    }
}
