using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Tests.Hosting;

/// <summary>A control-plane restart: the whole cluster stops, a new one starts over the same SQLite file.</summary>
public sealed class DurabilityTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Restart_NewClusterOverSameFile_FindsRegistrationsAndFunctions()
    {
        await fixture.Grains.Site("edge-osaka").Register(Samples.Osaka);
        await fixture.Grains.Site("regional-sapporo").Register(Samples.Sapporo);
        await fixture.Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 2, DateTimeOffset.UnixEpoch));
        await fixture.Grains.Function("collision-warning").Deploy(Samples.CollisionWarning("collision-warning"), Samples.Digest);
        await fixture.Grains.Function("resize").Deploy(Samples.CollisionWarning("resize"), Samples.Digest);
        await fixture.Grains.Function("resize").Remove();
        FunctionDeployment before = (await fixture.Grains.Function("collision-warning").GetDeployment())!;

        await fixture.RestartAsync();

        Assert.Equal(["edge-osaka", "regional-sapporo"], await fixture.Grains.SiteIds());
        SiteStatus osaka = (await fixture.Grains.Site("edge-osaka").GetStatus())!;
        Assert.Equal(Samples.Osaka.ToSite("edge-osaka"), osaka.Site with { Health = SiteHealth.Healthy });
        // Load is memory only: after a restart a site is down until its agent heartbeats again.
        Assert.Equal(SiteHealth.Down, osaka.Site.Health);
        Assert.Null(osaka.LastLoad);
        Assert.Equal(["collision-warning"], await fixture.Grains.FunctionCatalog().List());
        FunctionDeployment after = (await fixture.Grains.Function("collision-warning").GetDeployment())!;
        Assert.Equal(before.DeployedAt, after.DeployedAt);
        Assert.Equal(before.Spec.ModuleDigest, after.Spec.ModuleDigest);
        Assert.Equal(before.Spec.Residency, after.Spec.Residency);
        Assert.Equal(before.Spec with { Residency = after.Spec.Residency }, after.Spec);
        Assert.Null(await fixture.Grains.Function("resize").GetDeployment());

        // And the restored state keeps working: heartbeats resume, changes persist.
        Assert.True((await fixture.Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.1, 0, DateTimeOffset.UnixEpoch))).Succeeded);
        Assert.True(await fixture.Grains.Site("regional-sapporo").Deregister());
        await fixture.RestartAsync();
        Assert.Equal(["edge-osaka"], await fixture.Grains.SiteIds());
    }
}
