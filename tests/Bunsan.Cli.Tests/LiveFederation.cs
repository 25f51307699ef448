using Bunsan.Agent;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Security;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests;

/// <summary>
/// A real control plane and real agents in this process, in a temporary data directory: what the fixtures of the job
/// verbs (<see cref="Control.JobFederation"/>) and the data verbs (<see cref="Data.DataFederation"/>) build on.
/// Sites go down <c>siteHealth</c> after their last heartbeat, so a test can let one die without waiting the default 10 s.
/// In production mode (<c>tls</c>) the control plane serves TLS only with a CA made in its data directory on first start;
/// agents then enrol with the pinned join token and must advertise https endpoints.
/// </summary>
public class LiveFederation(string prefix) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory(prefix);
    private readonly List<ControlledAgent> _agents = [];

    public ControlPlaneServer? Server { get; private set; }

    public string AdminToken { get; private set; } = "";

    /// <summary>The control plane's data directory (DATA: tokens, the CA in DATA/ca).</summary>
    public string ControlPlaneDirectory => Path.Combine(_data.FullName, "cp");

    /// <summary>The data directory of the agent of site <paramref name="id"/> (its certificate in tls/).</summary>
    public string AgentDirectory(string id) => Path.Combine(_data.FullName, id);

    /// <summary>The join token as the control plane wrote it (with ~FINGERPRINT in production mode).</summary>
    public string ReadJoinToken() => File.ReadAllText(Server!.JoinTokenPath).Trim();

    /// <summary>
    /// Starts the control plane (again, after <see cref="StopControlPlaneAsync"/>: over the same data directory), in
    /// production mode when <paramref name="tls"/>: the first such start creates the federation CA, later ones keep it.
    /// </summary>
    public async Task StartControlPlaneAsync(TimeSpan siteHealth, bool tls = false)
    {
        if (tls)
        {
            // Null when the CA is there already (a restart): Create never replaces one.
            FederationCa.Create(ControlPlaneDirectory, DateTimeOffset.UtcNow, out _)?.Dispose();
        }
        Server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = ControlPlaneDirectory,
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
            SiteHealth = new SiteHealthOptions { HealthyWithin = siteHealth, DownAfter = siteHealth },
            Tls = tls,
        });
        AdminToken = (await File.ReadAllTextAsync(Server.AdminTokenPath)).Trim();
    }

    public async Task StopControlPlaneAsync()
    {
        await Server!.DisposeAsync();
        Server = null;
    }

    /// <summary>
    /// Starts the agent of an edge site listening on <paramref name="port"/> and registered at <paramref name="endpoint"/>
    /// (the same port, or a proxy in front of it), and waits until the control plane sees it healthy.
    /// </summary>
    public async Task<ControlledAgent> StartAgentAsync(string id, string metro, GeoPoint location, int port, Uri endpoint,
        TimeSpan heartbeat, ExecutionEmulation? emulation = null)
    {
        ControlledAgentStart start = await ControlledAgent.StartAsync(new ControlledAgentOptions
        {
            ControlUrl = Server!.ApiUri,
            Token = ReadJoinToken(),
            Site = EdgeSite(id, metro, location, endpoint),
            Port = port,
            DataDirectory = AgentDirectory(id),
            HeartbeatInterval = heartbeat,
            ExecutionEmulation = emulation,
        });
        Assert.True(start.Agent is not null, $"{start.Field}: {start.Error}");
        _agents.Add(start.Agent);
        await UntilAsync(async () => (await Server.Grains.Site(id).GetStatus())?.Site.Health == SiteHealth.Healthy);
        return start.Agent;
    }

    /// <summary>The edge site <see cref="StartAgentAsync"/> registers: 2 cores, 8 GiB, in Japan.</summary>
    public static Site EdgeSite(string id, string metro, GeoPoint location, Uri endpoint) =>
        new(id, metro, location, SiteTier.Edge, "JP", new FailureDomains(id, metro), new SiteCapacity(2, 8),
            new EnergyProfile(10, 24, 1.6, 450), Endpoint: endpoint);

    /// <summary>Forgets an agent the test stops itself.</summary>
    public void Forget(ControlledAgent agent) => _agents.Remove(agent);

    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the federation did not get there within the patience allowed");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (ControlledAgent agent in _agents)
        {
            await agent.DisposeAsync();
        }
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
