using Bunsan.Agent;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>
/// A real control plane and real agents in this process for the job verbs. Sites go down 2 s after their last
/// heartbeat (agents beat every 250 ms), so a test can let one die mid-job without waiting the default 10 s.
/// The control plane can be stopped and started again over the same data directory.
/// </summary>
internal sealed class JobFederation : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("bunsan-cli-jobs-");
    private readonly List<ControlledAgent> _agents = [];

    public ControlPlaneServer? Server { get; private set; }

    public string AdminToken { get; private set; } = "";

    /// <summary>`--control URL --token T` for the running server.</summary>
    public string[] Connection => ["--control", Server!.ApiUri.ToString(), "--token", AdminToken];

    public async Task StartControlPlaneAsync()
    {
        Server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = Path.Combine(_data.FullName, "cp"),
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
            SiteHealth = new SiteHealthOptions { HealthyWithin = TimeSpan.FromSeconds(2), DownAfter = TimeSpan.FromSeconds(2) },
        });
        AdminToken = (await File.ReadAllTextAsync(Server.AdminTokenPath)).Trim();
    }

    public async Task StopControlPlaneAsync()
    {
        await Server!.DisposeAsync();
        Server = null;
    }

    /// <summary>Starts an agent for a site and waits until the control plane sees it healthy.</summary>
    public async Task<ControlledAgent> StartAgentAsync(string id, GeoPoint location, HeldExecution? held = null)
    {
        int port = LoopbackPorts.Free();
        ControlledAgentStart start = await ControlledAgent.StartAsync(new ControlledAgentOptions
        {
            ControlUrl = Server!.ApiUri,
            Token = (await File.ReadAllTextAsync(Server.JoinTokenPath)).Trim(),
            Site = new Site(id, id, location, SiteTier.Edge, "JP", new FailureDomains(id, id), new SiteCapacity(2, 8),
                new EnergyProfile(10, 24, 1.6, 450), Endpoint: new Uri($"http://127.0.0.1:{port}")),
            Port = port,
            DataDirectory = Path.Combine(_data.FullName, id),
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            ExecutionEmulation = held is null ? null : new ExecutionEmulation(held),
        });
        Assert.True(start.Agent is not null, $"{start.Field}: {start.Error}");
        _agents.Add(start.Agent);
        await UntilAsync(async () => (await Server.Grains.Site(id).GetStatus())?.Site.Health == SiteHealth.Healthy);
        return start.Agent;
    }

    /// <summary>Forgets an agent the test stops itself.</summary>
    public void Forget(ControlledAgent agent) => _agents.Remove(agent);

    public async Task<JobRecord> JobAsync(string id) => (await Server!.Grains.Job(id).GetJob())!;

    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the federation did not get there within the patience allowed");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
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
    }
}

/// <summary>
/// Emulated execution that holds every invocation while armed, until released: a site that is busy with a job for
/// exactly as long as the test wants. Unarmed it adds nothing (the agents' warm-up invocations pass straight through).
/// </summary>
internal sealed class HeldExecution : ILinkDelay
{
    private TaskCompletionSource? _gate;

    public bool Emulated => true;

    public void Arm() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async ValueTask DelayAsync(TimeSpan oneWay, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
