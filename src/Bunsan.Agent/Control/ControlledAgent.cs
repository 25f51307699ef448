using System.Collections.Frozen;
using System.Net;
using System.Runtime.CompilerServices;
using Bunsan.Agent.Data;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Executor;
using Bunsan.Placement.Admission;
using Bunsan.Protocol.Trust;
using Bunsan.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Bunsan.Agent.Control;

/// <summary>The outcome of starting a controlled agent: the agent, or the option at fault and the problem with its fix.</summary>
public sealed record ControlledAgentStart(ControlledAgent? Agent, string? Field, string? Error);

/// <summary>
/// An agent run by a control plane: it serves the same gateway as a file-configured agent, but its federation comes
/// from the desired state the control plane pushes. Each new plan fetches the modules this site must host, builds a
/// new <see cref="Gateway"/> and swaps it in (<see cref="LiveGateway"/>); the last plan is cached on disk so that a
/// restart serves at once, control plane or not.
/// </summary>
public sealed class ControlledAgent : IAsyncDisposable
{
    private readonly ControlledAgentOptions _options;
    private readonly WebApplication _app;
    private readonly SandboxEngine _engine;
    private readonly ModuleStore _modules;
    private readonly FunctionExecutor _executor;
    private readonly LocalExecution _local;
    private readonly PeerLinkPool _links;

    /// <summary>Production mode: this site's certificate and the CA, for every listener and every connection out.</summary>
    private readonly AgentTls? _tls;
    private readonly DesiredStateCache _cache;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Counts client requests across plan changes (each plan builds a new gateway); read by each heartbeat.</summary>
    private readonly IngressMeter _ingress;
    private readonly DataHost _data;
    private ControlPlaneLink? _control;
    private PeerClients? _peers;
    private PeerClients? _previousPeers;
    private Task _running = Task.CompletedTask;
    private bool _warmed;

    private ControlledAgent(ControlledAgentOptions options, WebApplication app, SandboxEngine engine, ModuleStore modules, FunctionExecutor executor,
        LocalExecution local, LiveGateway live, int peerPort, IngressMeter ingress, DataHost data, AgentTls? tls)
    {
        _tls = tls;
        _links = new PeerLinkPool(tls);
        _data = data;
        _ingress = ingress;
        _options = options;
        _app = app;
        _engine = engine;
        _modules = modules;
        _executor = executor;
        _local = local;
        Live = live;
        PeerPort = peerPort;
        _cache = new DesiredStateCache(options.DataDirectory);
    }

    public LiveGateway Live { get; }

    /// <summary>The client port.</summary>
    public int Port => _options.Port;

    public int PeerPort { get; }

    public static async Task<ControlledAgentStart> StartAsync(ControlledAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cores is < 1)
        {
            return new(null, "--cores", $"is {options.Cores}: use a whole number of cores >= 1");
        }
        if (ControlPlaneLink.ModeProblem(options.ControlUrl, options.Token, options.Site) is var (field, error))
        {
            return new(null, field, error);
        }
        Directory.CreateDirectory(options.DataDirectory);
        var engine = new SandboxEngine();
        var modules = new ModuleStore(engine, AgentHost.CreatePrivateDirectory(Path.Combine(options.DataDirectory, "modules")));
        var executor = new FunctionExecutor(modules);
        int cores = options.Cores ?? Math.Min(options.Site.Capacity.Cores, engine.Options.MaxConcurrentInstances);
        // Headroom for tight requests is part of deadline-aware admission; the baselines' executors queue FIFO.
        var pool = new CorePool(cores, options.Mode.Admission ? CoreReservation.For(cores) : CoreReservation.None);
        var local = new LocalExecution(executor, pool, FrozenDictionary<string, ModuleDigest>.Empty,
            engine.Options.MemoryCeilingBytes, options.ExecutionEmulation);
        // Until a plan arrives the federation is this site alone with no functions: invocations get 404 with a reason.
        var alone = new Federation(new Topology("no-plan-yet", [options.Site]), 0, [], FittedLatencyModel.Default);
        var ingress = new IngressMeter();
        AgentTls? tls = JoinToken.Parse(options.Token).CaFingerprint is { } fingerprint ? AgentTls.Open(options.DataDirectory, fingerprint) : null;
        var live = new LiveGateway(new Gateway(alone, local, new PeerClients(alone), options.LinkDelay, options.MaxBodyBytes, options.Mode, ingress));
        var advertised = new StrongBox<int>(options.PeerPort);
        // The owners' datasets at this site: kept in the agent's data directory, so a restart finds them and their policies.
        DataHost data = DataHost.Open(Path.Combine(options.DataDirectory, "data"), options.Site);
        WebApplication app = AgentListeners.Build(live, options.Port, advertised, data, tls);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            data.Dispose();
            tls?.Dispose();
            modules.Dispose();
            engine.Dispose();
            return new(null, "--port", $"cannot listen on port {options.Port} (and the peer port): {e.Message}");
        }
        advertised.Value = AgentListeners.BoundPeerPort(app, options.Port);
        var agent = new ControlledAgent(options, app, engine, modules, executor, local, live, advertised.Value, ingress, data, tls);
        return await agent.JoinAsync().ConfigureAwait(false);
    }

    /// <summary>Serves the cached plan, joins (a refused token or site is fatal; an unreachable control plane is not), then runs the link.</summary>
    private async Task<ControlledAgentStart> JoinAsync()
    {
        if (_cache.Load() is { } cached)
        {
            await ApplyAsync(cached, _stopping.Token).ConfigureAwait(false);
            _options.Log($"serving the cached plan {cached.Version} from {_cache.Path}");
        }
        _control = new ControlPlaneLink(_options, ApplyAsync, _local.Cores.Load, _ingress, _data.Secret, _tls);
        JoinOutcome joined = await _control.TryJoinAsync(_stopping.Token).ConfigureAwait(false);
        if (joined.Refused)
        {
            await DisposeAsync().ConfigureAwait(false);
            return new(null, joined.Field, joined.Error);
        }
        if (joined.Joined)
        {
            _options.Log($"joined the federation at {_options.ControlUrl} as {_options.Site.Id}");
        }
        _running = _control.RunAsync(joined.Joined, _stopping.Token);
        return new(this, null, null);
    }

    /// <summary>Applies one desired state: fetch missing modules, build the gateway, swap it in, cache the state.</summary>
    public async Task ApplyAsync(DesiredState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _applying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Version == Live.PlanVersion)
            {
                return;
            }
            (Federation? federation, IReadOnlyList<string> problems) = DesiredStateMapping.ToFederation(state, _options.Site, _options.Mode);
            foreach (string problem in problems)
            {
                _options.Log($"plan {state.Version}: {problem}");
            }
            if (federation is null)
            {
                return;
            }
            FrozenDictionary<string, ModuleDigest> hosted = await HostAsync(federation, cancellationToken).ConfigureAwait(false);
            var peers = new PeerClients(federation, _options.PeerProtocol, _links);
            LocalExecution local = _local.WithModules(hosted);
            Gateway Build() => new(federation, local, peers, _options.LinkDelay, _options.MaxBodyBytes, _options.Mode, _ingress);
            if (!_warmed && federation.Functions.Count > 0)
            {
                // Once, on the first plan with functions: the same cold-path warm-up as a file-configured agent's start.
                await AgentWarmUp.GatewayAsync(_options.Port, PeerPort, peers, Build, cancellationToken,
                    _tls is null ? null : (_tls, _options.Site.Id)).ConfigureAwait(false);
                _warmed = true;
            }
            else
            {
                await peers.WarmOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            Gateway next = Build();
            next.CarryEstimatesFrom(Live.Current);
            Live.Swap(next, state.Version);
            _previousPeers?.Dispose();
            (_previousPeers, _peers) = (_peers, peers);
            _cache.Save(state);
            _options.Log($"plan {state.Version}: {federation.Topology.Sites.Length} sites; hosting {(hosted.Count == 0 ? "nothing" : string.Join(", ", hosted.Keys.Order(StringComparer.Ordinal)))}");
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>The modules of the functions placed here, fetched from the control plane when this site lacks them.</summary>
    private async Task<FrozenDictionary<string, ModuleDigest>> HostAsync(Federation federation, CancellationToken cancellationToken)
    {
        var hosted = new Dictionary<string, ModuleDigest>(StringComparer.Ordinal);
        foreach (FunctionRoute function in federation.HostedHere)
        {
            if (ModuleDigest.TryParse(function.Spec.ModuleDigest) is not { } digest)
            {
                continue;
            }
            if (!_modules.Contains(digest) && _control is not null
                && await _control.FetchModuleAsync(digest.ToString(), cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                ModuleLoadResult added = _modules.Add(bytes, digest);
                if (!added.Succeeded)
                {
                    _options.Log($"module of {function.Name} refused: {added.Error}");
                }
            }
            if (_modules.Contains(digest))
            {
                hosted[function.Name] = digest;
            }
        }
        AgentWarmUp.Executor(_modules, _executor, hosted.Values);
        return hosted.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _control?.Dispose();
        _peers?.Dispose();
        _previousPeers?.Dispose();
        _links.Dispose();
        _tls?.Dispose();
        _data.Dispose();
        _modules.Dispose();
        _engine.Dispose();
        _applying.Dispose();
        _stopping.Dispose();
    }
}
