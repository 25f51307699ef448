using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;

namespace Bunsan.ControlPlane.Tests.Plans;

/// <summary>The plan grain on a real test cluster: versions move only with change, restarts keep placements.</summary>
public sealed class PlanGrainTests : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new();

    private IGrainFactory Grains => _cluster.Grains;

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Replan_NothingChanged_KeepsTheVersion()
    {
        await Join("edge-tokyo", 35.68, 139.69);
        await Deploy("f");
        FederationPlan first = await Grains.Plan().Replan();

        await Beat("edge-tokyo");
        FederationPlan second = await Grains.Plan().Replan();

        Assert.Equal(first.Version, second.Version);
        Assert.Equal(["edge-tokyo"], first.Functions.Single().ReplicaSites);
    }

    [Fact]
    public async Task Replan_SiteJoins_NewVersionWithTheSite()
    {
        FederationPlan before = await Grains.Plan().Replan();

        await Join("edge-osaka", 34.69, 135.50);
        FederationPlan after = await Grains.Plan().Replan();

        Assert.True(after.Version > before.Version);
        Assert.Contains(after.Sites, s => s.Id == "edge-osaka");
    }

    [Fact]
    public async Task Restart_KeepsPlacementsUntilSitesHadTimeToBeat_ThenMovesOffTheSilentOne()
    {
        await Join("edge-tokyo", 35.68, 139.69);
        await Deploy("f");
        Assert.Equal(["edge-tokyo"], (await Grains.Plan().Replan()).Functions.Single().ReplicaSites);
        await Join("edge-yokohama", 35.44, 139.64);
        Assert.Equal(["edge-tokyo"], (await Grains.Plan().Replan()).Functions.Single().ReplicaSites);

        await _cluster.RestartAsync();
        await Beat("edge-yokohama");
        FederationPlan starting = await Grains.Plan().Replan();
        _cluster.Clock.Advance(TimeSpan.FromSeconds(4));
        await Beat("edge-yokohama");
        FederationPlan settled = await Grains.Plan().Replan();

        Assert.Equal(["edge-tokyo"], starting.Functions.Single().ReplicaSites);
        Assert.Equal(["edge-yokohama"], settled.Functions.Single().ReplicaSites);
        Assert.True(settled.Version > starting.Version);
    }

    [Fact]
    public async Task Replan_OneFunctionChanges_PlacesItAndKeepsTheOthers()
    {
        await Join("edge-tokyo", 35.68, 139.69);
        await Join("edge-osaka", 34.69, 135.50);
        await Deploy("f");
        await Deploy("g");
        FederationPlan first = await Grains.Plan().Replan();

        FunctionSpec changed = Samples.CollisionWarning("g") with { Class = LatencyClass.Interactive, MinReplicas = 1, MaxReplicas = 1, Execution = new ExecutionTime(2, 6) };
        Assert.True((await Grains.Function("g").Deploy(changed, Samples.Digest)).Succeeded);
        FederationPlan second = await Grains.Plan().Replan();

        Assert.True(second.Version > first.Version);
        Assert.Equal(first.Functions.Single(p => p.Spec.Name == "f").ReplicaSites, second.Functions.Single(p => p.Spec.Name == "f").ReplicaSites);
        PlannedFunction g = second.Functions.Single(p => p.Spec.Name == "g");
        Assert.Equal(changed with { ModuleDigest = Samples.Digest }, g.Spec);
        Assert.Single(g.ReplicaSites);
        Assert.Equal(["f", "g"], second.Functions.Select(p => p.Spec.Name));
    }

    private async Task Join(string id, double lat, double lon)
    {
        SiteRegistration registration = Samples.Osaka with { Name = id, Location = new GeoPoint(lat, lon) };
        Assert.True((await Grains.Site(id).Register(registration)).Succeeded);
        await Beat(id);
    }

    private async Task Beat(string id) => Assert.True((await Grains.Site(id).Heartbeat(new SiteLoad(0.1, 0, _cluster.Clock.GetUtcNow()))).Succeeded);

    private async Task Deploy(string name)
    {
        FunctionSpec spec = Samples.CollisionWarning(name) with { Class = LatencyClass.Interactive, MinReplicas = 1, MaxReplicas = 1 };
        Assert.True((await Grains.Function(name).Deploy(spec, Samples.Digest)).Succeeded);
    }
}
