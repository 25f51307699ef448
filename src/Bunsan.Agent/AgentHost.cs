using System.Globalization;
using System.Runtime.CompilerServices;
using Bunsan.Executor;
using Bunsan.Placement.Admission;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Bunsan.Agent;

/// <summary>The outcome of starting an agent: the running host, or the option at fault and the problem with its fix.</summary>
public sealed record AgentStartResult(AgentHost? Host, string? Field, string? Error);

/// <summary>
/// One site's agent as a process: loads the federation, hosts its modules, and serves the gateway on Kestrel
/// (minimal API, no MVC): <c>POST /v1/invoke/{function}</c> and <c>GET /v1/health</c>.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxEngine _engine;
    private readonly ModuleStore _modules;
    private readonly PeerClients _peers;
    private readonly CancellationTokenSource _stopping = new();
    private Task _warming = Task.CompletedTask;

    private AgentHost(WebApplication app, SandboxEngine engine, ModuleStore modules, PeerClients peers, LiveGateway gateway, int port, int peerPort, string dataDirectory)
    {
        _app = app;
        _engine = engine;
        _modules = modules;
        _peers = peers;
        Live = gateway;
        Port = port;
        PeerPort = peerPort;
        DataDirectory = dataDirectory;
    }

    public LiveGateway Live { get; }

    public Gateway Gateway => Live.Current;

    public Federation Federation => Gateway.Federation;

    /// <summary>The connections to peer agents (tests count them).</summary>
    internal PeerClients Peers => _peers;

    public int Port { get; }

    /// <summary>Port of the HTTP/2-only listener for peers' forwards, advertised on health answers (<see cref="PeerAddress"/>).</summary>
    public int PeerPort { get; }

    public string DataDirectory { get; }

    /// <summary>Loads, validates and starts listening; never throws on bad configuration (see <see cref="AgentStartResult"/>).</summary>
    public static async Task<AgentStartResult> StartAsync(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBodyBytes is < 0 or > 64 << 20)
        {
            return new(null, "--max-body-bytes", $"is {options.MaxBodyBytes}: use 0 to {64 << 20}");
        }
        if (options.PeerPort is < 0 or > 65535)
        {
            return new(null, "--peer-port", $"is {options.PeerPort}: use 1 to 65535, or 0 for a free port");
        }
        if (options.Cores is < 1)
        {
            return new(null, "--cores", $"is {options.Cores}: use a whole number of cores >= 1");
        }
        FederationLoadResult loaded = FederationLoader.Load(
            ReadOrNull(options.TopologyPath), options.TopologyPath, ReadOrNull(options.FunctionsPath), options.FunctionsPath, options.SiteId);
        if (!loaded.Succeeded)
        {
            return new(null, loaded.Field, loaded.Error);
        }
        Federation federation = loaded.Federation!;
        int? port = options.Port ?? federation.Self.Endpoint?.Port;
        if (port is not (>= 1 and <= 65535))
        {
            return new(null, "--port", port is null
                ? $"site {federation.Self.Id} has no endpoint in {options.TopologyPath}: pass --port or add endpoint: http://HOST:PORT to the site"
                : $"is {port}: use 1 to 65535");
        }
        if (options.PeerPort == port)
        {
            return new(null, "--peer-port", $"is {port}, the client port too: use another port, or 0 for a free one");
        }
        string dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "bunsan-agent", federation.Self.Id));
        var engine = new SandboxEngine();
        var modules = new ModuleStore(engine, CreatePrivateDirectory(Path.Combine(dataDirectory, "modules")));
        var (digests, moduleError) = SiteModules.Load(federation, Path.GetDirectoryName(Path.GetFullPath(options.FunctionsPath))!, modules);
        if (moduleError is not null)
        {
            modules.Dispose();
            engine.Dispose();
            return new(null, "--functions", moduleError);
        }
        int cores = options.Cores ?? Math.Min(federation.Self.Capacity.Cores, engine.Options.MaxConcurrentInstances);
        var executor = new FunctionExecutor(modules);
        AgentWarmUp.Executor(modules, executor, digests!.Values);
        var local = new LocalExecution(executor, new CorePool(cores, CoreReservation.For(cores)), digests!, engine.Options.MemoryCeilingBytes);
        var peers = new PeerClients(federation, options.PeerProtocol);
        var gateway = new LiveGateway(new Gateway(federation, local, peers, options.LinkDelay, options.MaxBodyBytes));
        var advertisedPeerPort = new StrongBox<int>(options.PeerPort);
        WebApplication app = AgentListeners.Build(gateway, port.Value, advertisedPeerPort);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            peers.Dispose();
            modules.Dispose();
            engine.Dispose();
            return new(null, options.PeerPort != 0 && e.Message.Contains(string.Create(CultureInfo.InvariantCulture, $":{options.PeerPort}:"), StringComparison.Ordinal) ? "--peer-port" : "--port",
                $"cannot listen on ports {port} and {(options.PeerPort == 0 ? "a free one" : options.PeerPort)}: {e.Message}");
        }
        advertisedPeerPort.Value = AgentListeners.BoundPeerPort(app, port.Value);
        var host = new AgentHost(app, engine, modules, peers, gateway, port.Value, advertisedPeerPort.Value, dataDirectory);
        await AgentWarmUp.GatewayAsync(host.Port, host.PeerPort, peers,
            () => new Gateway(federation, local, peers, options.LinkDelay, options.MaxBodyBytes), host._stopping.Token).ConfigureAwait(false);
        host._warming = peers.WarmAsync(TimeSpan.FromSeconds(30), host._stopping.Token);
        return new(host, null, null);
    }

    /// <summary>Completes when the host stops (Ctrl+C or SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>The start-up banner: who this agent is, what it hosts, how it reaches peers, and whether the network is emulated.</summary>
    public IEnumerable<string> Banner(ILinkDelay linkDelay)
    {
        ArgumentNullException.ThrowIfNull(linkDelay);
        var inv = CultureInfo.InvariantCulture;
        var self = Federation.Self;
        yield return string.Create(inv, $"bunsan agent: site {self.Id} ({self.Tier.ToString().ToLowerInvariant()}, {self.Location}) listening on port {Port} (clients), {PeerPort} (peers, HTTP/2)");
        yield return string.Create(inv, $"topology {Federation.Topology.Name}: {Federation.Topology.Sites.Length} sites; {Federation.Functions.Count} function(s) with modules");
        var hosted = Federation.HostedHere.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        yield return "hosting: " + (hosted.Count == 0 ? "nothing (this site forwards every invocation)" : string.Join(", ", hosted));
        yield return (_peers.Protocol == System.Net.HttpVersion.Version20
            ? "peers: HTTP/2, one multiplexed connection per peer (HTTP/1.1 keep-alive until a peer's listener answers)"
            : "peers: HTTP/1.1 keep-alive") + $"; modules in {DataDirectory}";
        yield return linkDelay.Emulated
            ? "network: emulated wide-area latency (each forward and its reply delayed by the modelled one-way latency)"
            : "network: real (no emulated delay)";
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _warming.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while peers were still being warmed: nothing to finish.
        }
        _stopping.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _peers.Dispose();
        _modules.Dispose();
        _engine.Dispose();
    }

    internal static string CreatePrivateDirectory(string path)
    {
        // Precompiled artefacts are native code Wasmtime trusts: only this user may write there.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
