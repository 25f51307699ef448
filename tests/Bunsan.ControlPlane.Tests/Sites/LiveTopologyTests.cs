using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Placement;
using Bunsan.Placement.Pipeline;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>Its own cluster: the snapshot covers every registered site, so no other test may register any.</summary>
public sealed class LiveTopologyTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task CaptureAsync_RegisteredSites_FeedsPlacementWithLiveHealthAndLoad()
    {
        await fixture.Grains.Site("edge-osaka").Register(Samples.Osaka);
        await fixture.Grains.Site("regional-sapporo").Register(Samples.Sapporo);
        await fixture.Grains.Site("edge-sakai").Register(Samples.Osaka with { Name = "Sakai edge", Location = new GeoPoint(34.5733, 135.4830) });
        await fixture.Grains.Site("edge-kobe").Register(Samples.Osaka with { Name = "Kobe edge", Location = new GeoPoint(34.6901, 135.1955) });
        await fixture.Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.75, 4, DateTimeOffset.UnixEpoch));
        await fixture.Grains.Site("regional-sapporo").Heartbeat(new SiteLoad(0.125, 0, DateTimeOffset.UnixEpoch));
        await fixture.Grains.Site("edge-kobe").Deregister();

        LiveTopology live = await LiveTopology.CaptureAsync(fixture.Grains);

        Assert.Equal(["edge-osaka", "edge-sakai", "regional-sapporo"], live.Topology.Sites.Select(s => s.Id));
        Assert.Equal([SiteHealth.Healthy, SiteHealth.Down, SiteHealth.Healthy], live.Topology.Sites.Select(s => s.Health));
        Assert.Equal([0.75, 0, 0.125], live.Utilisation);

        // The seam placement will use: the real pipeline on the live snapshot never picks the silent site.
        var request = new PlacementRequest(Samples.CollisionWarning("collision-warning"), [new DemandPoint(Samples.Osaka.Location, 50)]);
        PlacementDecision decision = new PlacementPipeline(new PlacementOptions { ExplainEverySite = true })
            .Place(live.ToPlacementContext(PhysicalBoundLatencyModel.Instance), request);
        Assert.Contains(decision.Replicas, r => r.SiteId == "edge-osaka");
        Assert.DoesNotContain(decision.Replicas, r => r.SiteId == "edge-sakai");
        Assert.Contains(decision.Verdicts, v => v.SiteId == "edge-sakai" && !v.Kept && v.Reason.StartsWith("health: site is down", StringComparison.Ordinal));
    }
}
