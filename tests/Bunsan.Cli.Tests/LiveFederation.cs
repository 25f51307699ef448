using Bunsan.Agent;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests;

/// <summary>
/// A real control plane and real agents in this process, in a temporary data directory: what the fixtures of the job
/// verbs (<see cref="Control.JobFederation"/>) and the data verbs (<see cref="Data.DataFederation"/>) build on.
/// Sites go down <c>siteHealth</c> after their last heartbeat, so a test can let one die without waiting the default 10 s.
/// </summary>
public class LiveFederation(string prefix) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory(prefix);
    private readonly List<ControlledAgent> _agents = [];

    public ControlPlaneServer? Server { get; private set; }

    public string AdminToken { get; private set; } = "";

    /// <summary>Starts the control plane (again, after <see cref="StopControlPlaneAsync"/>: over the same data directory).</summary>
    public async Task StartControlPlaneAsync(TimeSpan siteHealth)
    {
        Server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = Path.Combine(_data.FullName, "cp"),
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
            SiteHealth = new SiteHealthOptions { HealthyWithin = siteHealth, DownAfter = siteHealth },
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
            Token = (await File.ReadAllTextAsync(Server.JoinTokenPath)).Trim(),
            Site = new Site(id, metro, location, SiteTier.Edge, "JP", new FailureDomains(id, metro), new SiteCapacity(2, 8),
                new EnergyProfile(10, 24, 1.6, 450), Endpoint: endpoint),
            Port = port,
            DataDirectory = Path.Combine(_data.FullName, id),
            HeartbeatInterval = heartbeat,
            ExecutionEmulation = emulation,
        });
        Assert.True(start.Agent is not null, $"{start.Field}: {start.Error}");
        _agents.Add(start.Agent);
        await UntilAsync(async () => (await Server.Grains.Site(id).GetStatus())?.Site.Health == SiteHealth.Healthy);
        return start.Agent;
    }

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
