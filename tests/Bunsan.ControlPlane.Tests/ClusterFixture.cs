using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Sites;
using Bunsan.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Bunsan.ControlPlane.Tests;

/// <summary>
/// A real Orleans test cluster (one in-process silo) running the control plane over a real SQLite
/// file, with a manual clock. <see cref="RestartAsync"/> stops the whole cluster and starts a new one
/// over the same data directory, as a control-plane restart would.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    internal ManualClock Clock { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string DataDirectory => _data.Path;

    /// <summary>The (only) silo's live site table: what placement and GET /v1/sites read.</summary>
    public LiveSiteTable SiteTable => Cluster.Silos[0].ServiceProvider.GetRequiredService<LiveSiteTable>();

    public string DatabasePath => new ControlPlaneOptions { DataDirectory = _data.Path }.DatabasePath;

    public async ValueTask InitializeAsync() => Cluster = await StartAsync(_data.Path, Clock);

    public async Task RestartAsync()
    {
        await StopAsync(Cluster);
        Cluster = await StartAsync(_data.Path, Clock);
    }

    /// <summary>Kills the silo (no graceful shutdown, no deactivation) and starts a new cluster over the same file.</summary>
    public async Task KillAndRestartAsync()
    {
        foreach (InProcessSiloHandle silo in Cluster.Silos.ToList())
        {
            await Cluster.KillSiloAsync(silo);
        }
        await Cluster.DisposeAsync();
        Cluster = await StartAsync(_data.Path, Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Cluster);
        _data.Dispose();
    }

    internal static async Task<InProcessTestCluster> StartAsync(string dataDirectory, TimeProvider clock)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddBunsanControlPlane(new ControlPlaneOptions { DataDirectory = dataDirectory }, clock));
        InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    internal static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
