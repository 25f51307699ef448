using Bunsan.Agent.Control;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Protocol;
using Bunsan.Protocol.V1;

namespace Bunsan.Agent.Tests.Control;

/// <summary>From the control plane's desired state to the federation a gateway routes by.</summary>
public sealed class DesiredStateMappingTests
{
    [Fact]
    public void ToFederation_PlacesFunctionsOnTheNamedReplicas()
    {
        DesiredState state = State(("edge-osaka", 34.69, 135.50, SiteTier.Edge), ("edge-tokyo", 35.68, 139.69, SiteTier.Edge));
        state.Functions.Add(Placement("echo", "edge-osaka"));

        (Federation? federation, IReadOnlyList<string> problems) = DesiredStateMapping.ToFederation(state, Site("edge-tokyo", 35.68, 139.69, SiteTier.Edge), GatewayMode.Bunsan);

        Assert.Empty(problems);
        Assert.Equal("edge-tokyo", federation!.Self.Id);
        Assert.Equal([federation.Topology.IndexOf("edge-osaka")], federation.Functions["echo"].ReplicaSites);
        Assert.Empty(federation.HostedHere);
    }

    [Fact]
    public void ToFederation_CloudOnly_PutsEveryFunctionOnTheCoreSiteNearestTokyo()
    {
        DesiredState state = State(("edge-tokyo", 35.68, 139.69, SiteTier.Edge), ("core-osaka", 34.70, 135.49, SiteTier.Core), ("core-tokyo", 35.69, 139.77, SiteTier.Core));
        state.Functions.Add(Placement("echo", "edge-tokyo"));

        (Federation? federation, _) = DesiredStateMapping.ToFederation(state, Site("edge-tokyo", 35.68, 139.69, SiteTier.Edge), GatewayMode.CloudOnly);

        Assert.Equal([federation!.Topology.IndexOf("core-tokyo")], federation.Functions["echo"].ReplicaSites);
    }

    [Fact]
    public void ToFederation_BadSiteOrFunction_IsLeftOutWithTheReason()
    {
        DesiredState state = State(("edge-tokyo", 35.68, 139.69, SiteTier.Edge));
        SiteDescription bad = SiteMessages.ToMessage(Site("edge-moon", 0, 0, SiteTier.Edge));
        bad.Tier = "moon";
        state.Sites.Add(bad);
        FunctionPlacement broken = Placement("broken", "edge-tokyo");
        broken.LatencyClass = "soon";
        state.Functions.Add(broken);
        state.Functions.Add(Placement("echo", "edge-tokyo", "edge-unknown"));

        (Federation? federation, IReadOnlyList<string> problems) = DesiredStateMapping.ToFederation(state, Site("edge-tokyo", 35.68, 139.69, SiteTier.Edge), GatewayMode.Bunsan);

        Assert.Contains(problems, p => p.Contains("site edge-moon left out", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("function broken left out", StringComparison.Ordinal));
        Assert.Equal(["echo"], federation!.Functions.Keys);
        Assert.Equal([0], federation.Functions["echo"].ReplicaSites);
    }

    [Fact]
    public void ToFederation_PlanWithoutThisSite_IsNotApplied()
    {
        (Federation? federation, IReadOnlyList<string> problems) = DesiredStateMapping.ToFederation(
            State(("edge-osaka", 34.69, 135.50, SiteTier.Edge)), Site("edge-tokyo", 35.68, 139.69, SiteTier.Edge), GatewayMode.Bunsan);

        Assert.Null(federation);
        Assert.Contains(problems, p => p.Contains("does not list this site", StringComparison.Ordinal));
    }

    private static DesiredState State(params (string Id, double Lat, double Lon, SiteTier Tier)[] sites)
    {
        var state = new DesiredState { Version = 7 };
        state.Sites.AddRange(sites.Select(s => SiteMessages.ToMessage(Site(s.Id, s.Lat, s.Lon, s.Tier))));
        return state;
    }

    private static Site Site(string id, double lat, double lon, SiteTier tier) =>
        new(id, id, new GeoPoint(lat, lon), tier, "JP", new FailureDomains(id, id), new SiteCapacity(8, 32), new EnergyProfile(40, 96, 1.6, 450),
            Endpoint: new Uri("http://127.0.0.1:9"));

    private static FunctionPlacement Placement(string name, params string[] replicas) =>
        FunctionMessages.ToMessage(
            new FunctionSpec(name, "sha256:" + new string('0', 64), new InvocationResources(1, 16), new ExecutionTime(1, 3), LatencyClass.Realtime, ["JP"], 1, 4),
            replicas);
}
