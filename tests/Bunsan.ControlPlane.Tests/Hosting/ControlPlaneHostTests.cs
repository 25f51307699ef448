using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Sites;
using Bunsan.Tests;

namespace Bunsan.ControlPlane.Tests.Hosting;

public sealed class ControlPlaneHostTests
{
    [Fact]
    public async Task StartAsync_StopAndStartAgainOnSameDataDirectory_KeepsRegistrations()
    {
        using var data = new TempDirectory();
        var options = new ControlPlaneOptions { DataDirectory = data.File("cp"), SiloPort = LoopbackPorts.Free(), GatewayPort = LoopbackPorts.Free() };
        CancellationToken cancel = TestContext.Current.CancellationToken;

        await using (ControlPlaneHost first = await ControlPlaneHost.StartAsync(options, cancellationToken: cancel))
        {
            Assert.True((await first.Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
            await first.StopAsync(cancel);
        }
        Assert.True(File.Exists(options.DatabasePath));

        await using ControlPlaneHost second = await ControlPlaneHost.StartAsync(options, cancellationToken: cancel);
        Assert.Equal(["edge-osaka"], await second.Grains.SiteIds());
        Assert.Equal("Osaka edge", (await second.Grains.Site("edge-osaka").GetStatus())!.Site.Name);
        await second.StopAsync(cancel);
    }

    [Fact]
    public async Task StartAsync_BadOptions_ThrowsNamingEveryOption()
    {
        var options = new ControlPlaneOptions
        {
            DataDirectory = "",
            SiloPort = 70000,
            GatewayPort = 70000,
            SiteHealth = new SiteHealthOptions { HealthyWithin = TimeSpan.FromSeconds(5), DownAfter = TimeSpan.FromSeconds(2) },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ControlPlaneHost.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("DataDirectory is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("SiloPort is 70000", error.Message, StringComparison.Ordinal);
        Assert.Contains("GatewayPort is 70000, the same as SiloPort", error.Message, StringComparison.Ordinal);
        Assert.Contains("SiteHealth.DownAfter is 00:00:02", error.Message, StringComparison.Ordinal);
    }
}
