namespace Bunsan.ControlPlane.Tests.Hosting;

/// <summary>The silo dies without a graceful stop: every write that returned must already be on disk.</summary>
public sealed class CrashDurabilityTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task KillAndRestart_WritesThatReturned_AreThere()
    {
        Assert.True((await fixture.Grains.Site("edge-kobe").Register(Samples.Osaka with { Name = "Kobe edge" })).Succeeded);
        Assert.True((await fixture.Grains.Function("detect").Deploy(Samples.CollisionWarning("detect"), Samples.Digest)).Succeeded);

        await fixture.KillAndRestartAsync();

        Assert.Equal("Kobe edge", (await fixture.Grains.Site("edge-kobe").GetStatus())!.Site.Name);
        Assert.Contains("edge-kobe", await fixture.Grains.SiteIds());
        Assert.Equal(Samples.Digest, (await fixture.Grains.Function("detect").GetDeployment())!.Spec.ModuleDigest);
        Assert.Contains("detect", await fixture.Grains.FunctionCatalog().List());
    }
}
