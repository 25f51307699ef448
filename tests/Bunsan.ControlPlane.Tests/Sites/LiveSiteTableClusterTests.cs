using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Sites;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>Two silos over one SQLite file: site grains spread over both, so no one silo's table sees every site.</summary>
public sealed class LiveSiteTableClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddBunsanControlPlane(new ControlPlaneOptions { DataDirectory = _data.Path }));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ClusterFixture.StopAsync(_cluster);
        _data.Dispose();
    }

    [Fact]
    public async Task CaptureAsync_TwoSilos_EverySiteFromEitherSilo()
    {
        string[] ids = [.. Enumerable.Range(0, 40).Select(i => $"edge-{i:D2}")];
        foreach (string id in ids)
        {
            Assert.True((await _cluster.Client.Site(id).Register(Samples.Osaka with { Name = id })).Succeeded);
        }

        foreach (InProcessSiloHandle silo in _cluster.Silos)
        {
            LiveSiteTable table = silo.ServiceProvider.GetRequiredService<LiveSiteTable>();
            LiveTopology live = await table.CaptureAsync();
            (IReadOnlyList<SiteStatus> page, bool more) = await table.PageAsync("edge-37", 10);

            Assert.Equal(ids, live.Topology.Sites.Select(s => s.Id));
            Assert.Equal(["edge-38", "edge-39"], page.Select(s => s.Site.Id));
            Assert.False(more);
        }
    }
}
