using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Placement.Pipeline;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>A cluster per test: a snapshot covers every registered site, so no other test may register any.</summary>
public sealed class LiveSiteTableTests : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new();

    private IGrainFactory Grains => _cluster.Grains;

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task CaptureAsync_RegisteredSites_FeedsPlacementWithLiveHealthAndLoad()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("regional-sapporo").Register(Samples.Sapporo);
        await Grains.Site("edge-sakai").Register(Samples.Osaka with { Name = "Sakai edge", Location = new GeoPoint(34.5733, 135.4830) });
        await Grains.Site("edge-kobe").Register(Samples.Osaka with { Name = "Kobe edge", Location = new GeoPoint(34.6901, 135.1955) });
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.75, 4, DateTimeOffset.UnixEpoch));
        await Grains.Site("regional-sapporo").Heartbeat(new SiteLoad(0.125, 0, DateTimeOffset.UnixEpoch));
        await Grains.Site("edge-kobe").Deregister();

        LiveTopology live = await _cluster.SiteTable.CaptureAsync();

        Assert.Equal(["edge-osaka", "edge-sakai", "regional-sapporo"], live.Topology.Sites.Select(s => s.Id));
        Assert.Equal([SiteHealth.Healthy, SiteHealth.Down, SiteHealth.Healthy], live.Topology.Sites.Select(s => s.Health));
        Assert.Equal([0.75, 0, 0.125], live.Utilisation);
        Assert.Equal(Samples.Osaka.ToSite("edge-osaka"), live.Topology.Sites[0]);

        // The seam placement will use: the real pipeline on the live snapshot never picks the silent site.
        var request = new PlacementRequest(Samples.CollisionWarning("collision-warning"), [new DemandPoint(Samples.Osaka.Location, 50)]);
        PlacementDecision decision = new PlacementPipeline(new PlacementOptions { ExplainEverySite = true })
            .Place(live.ToPlacementContext(PhysicalBoundLatencyModel.Instance), request);
        Assert.Contains(decision.Replicas, r => r.SiteId == "edge-osaka");
        Assert.DoesNotContain(decision.Replicas, r => r.SiteId == "edge-sakai");
        Assert.Contains(decision.Verdicts, v => v.SiteId == "edge-sakai" && !v.Kept && v.Reason.StartsWith("health: site is down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_HeartbeatsStop_HealthDecaysWithoutAnyWrite()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch));
        LiveSiteTable table = _cluster.SiteTable;

        SiteHealth fresh = (await table.CaptureAsync()).Topology.Sites.Single().Health;
        _cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        SiteHealth late = table.Snapshot().Topology.Sites.Single().Health;
        _cluster.Clock.Advance(TimeSpan.FromSeconds(6));
        SiteStatus gone = table.Snapshot().Statuses.Single();
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.25, 0, DateTimeOffset.UnixEpoch));
        SiteStatus back = table.Snapshot().Statuses.Single();

        Assert.Equal(SiteHealth.Healthy, fresh);
        Assert.Equal(SiteHealth.Degraded, late);
        Assert.Equal(SiteHealth.Down, gone.Site.Health);
        Assert.Equal(0.5, gone.LastLoad!.Utilisation);
        Assert.Equal(SiteHealth.Healthy, back.Site.Health);
        Assert.Equal(0.25, back.LastLoad!.Utilisation);
    }

    [Fact]
    public async Task Beat_WritesTheFiguresIntoTheEntry_WithoutAllocating()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch));
        LiveSiteTable table = _cluster.SiteTable;
        await table.CaptureAsync();
        var reading = new LoadReading(0.875, 2.5, DateTimeOffset.UnixEpoch, default);
        DateTimeOffset at = _cluster.Clock.GetUtcNow();
        table.Beat("edge-osaka", reading, at);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool known = table.Beat("edge-osaka", reading, at);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        SiteStatus status = table.Snapshot().Statuses.Single();

        Assert.True(known);
        Assert.Equal(0, allocated);
        Assert.Equal((0.875, 2.5), (status.LastLoad!.Utilisation, status.LastLoad.QueueMs));
        Assert.Equal(at, status.LastHeartbeatAt);
        Assert.False(table.Beat("edge-unknown", reading, at));
    }

    [Fact]
    public async Task LoadIfSameSites_ReadsLoadWhileSitesStand_NullOnceOneJoinsChangesHealthOrReRegisters()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("regional-sapporo").Register(Samples.Sapporo);
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch, [new FunctionIngress("collision-warning", 3)]));
        await Grains.Site("regional-sapporo").Heartbeat(new SiteLoad(0.25, 0, DateTimeOffset.UnixEpoch));
        LiveSiteTable table = _cluster.SiteTable;
        Topology planned = (await table.CaptureAsync()).Topology;

        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.875, 1, DateTimeOffset.UnixEpoch, [new FunctionIngress("collision-warning", 7.5)]));
        LiveSiteTable.LoadNow? moved = table.LoadIfSameSites(planned);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(5)); // both sites degrade
        LiveSiteTable.LoadNow? degraded = table.LoadIfSameSites(planned);
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch));
        await Grains.Site("regional-sapporo").Heartbeat(new SiteLoad(0.25, 0, DateTimeOffset.UnixEpoch));
        LiveSiteTable.LoadNow? healthyAgain = table.LoadIfSameSites(planned);
        await Grains.Site("edge-sakai").Register(Samples.Osaka with { Name = "Sakai edge", Location = new GeoPoint(34.5733, 135.4830) });
        LiveSiteTable.LoadNow? joined = table.LoadIfSameSites(planned);
        await Grains.Site("edge-sakai").Deregister();
        LiveSiteTable.LoadNow? left = table.LoadIfSameSites(planned);
        await Grains.Site("edge-osaka").Register(Samples.Osaka with { Name = "Osaka edge, moved" });
        LiveSiteTable.LoadNow? reRegistered = table.LoadIfSameSites(planned);

        Assert.NotNull(moved);
        Assert.Equal([0.875, 0.25], moved.Utilisation);
        Assert.Equal((7.5, 0, 0), (moved.RpsAt(0, "collision-warning"), moved.RpsAt(0, "route-planner"), moved.RpsAt(1, "collision-warning")));
        Assert.Null(degraded);
        Assert.NotNull(healthyAgain); // the same registrations, healthy as when planned
        Assert.Null(joined);
        Assert.NotNull(left);
        Assert.Null(reRegistered);
    }

    [Fact]
    public async Task Snapshot_OnlyLoadMoved_SharesTheTopology_ReRegistrationReplacesIt()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch));
        LiveTopology first = await _cluster.SiteTable.CaptureAsync();

        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.9, 0, DateTimeOffset.UnixEpoch));
        LiveTopology loadOnly = _cluster.SiteTable.Snapshot();
        await Grains.Site("edge-osaka").Register(Samples.Osaka with { Name = "Osaka edge, moved", Location = new GeoPoint(34.70, 135.49) });
        LiveTopology moved = _cluster.SiteTable.Snapshot();

        Assert.Same(first.Topology, loadOnly.Topology);
        Assert.Equal([0.9], loadOnly.Utilisation);
        Assert.NotSame(first.Topology, moved.Topology);
        Assert.Equal("Osaka edge, moved", moved.Topology.Sites.Single().Name);
        Assert.Equal(new GeoPoint(34.70, 135.49), moved.Topology.Sites.Single().Location);
    }

    [Fact]
    public async Task Restart_TableRebuiltFromStorage_BeforeAnySiteIsCalled()
    {
        await Grains.Site("edge-osaka").Register(Samples.Osaka);
        await Grains.Site("regional-sapporo").Register(Samples.Sapporo);
        await Grains.Site("edge-kobe").Register(Samples.Osaka with { Name = "Kobe edge" });
        await Grains.Site("edge-osaka").Heartbeat(new SiteLoad(0.5, 0, DateTimeOffset.UnixEpoch));
        await Grains.Site("edge-kobe").Deregister();

        await _cluster.RestartAsync();
        LiveTopology live = await _cluster.SiteTable.CaptureAsync();

        Assert.Equal(["edge-osaka", "regional-sapporo"], live.Topology.Sites.Select(s => s.Id));
        Assert.Equal(Samples.Sapporo.ToSite("regional-sapporo") with { Health = SiteHealth.Down }, live.Topology.Sites[1]);
        // Load is memory only: every site is down until its agent beats again.
        Assert.All(live.Statuses, status => Assert.Null(status.LastLoad));
        Assert.All(live.Topology.Sites, site => Assert.Equal(SiteHealth.Down, site.Health));
    }

    [Fact]
    public async Task Snapshot_WhileSitesJoinAndLeaveOnOtherThreads_AlwaysSortedAndFinallyExact()
    {
        LiveSiteTable table = _cluster.SiteTable;
        await table.EnsureLoadedAsync();
        DateTimeOffset now = _cluster.Clock.GetUtcNow();
        SiteStatus Status(string id) => new(Samples.Osaka.ToSite(id), now, new SiteLoad(0.5, 0, now), now);
        using var done = new CancellationTokenSource();
        var seen = new List<string>();
        Task reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                string[] ids = [.. table.Snapshot().Topology.Sites.Select(s => s.Id)];
                for (int i = 1; i < ids.Length; i++)
                {
                    if (string.CompareOrdinal(ids[i - 1], ids[i]) >= 0)
                    {
                        seen.Add($"{ids[i - 1]} before {ids[i]}");
                    }
                }
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                string id = $"edge-{writer}-{i:D3}";
                table.Put(Status(id));
                table.Put(Status(id));
                if (i % 2 == 1)
                {
                    table.Remove(id);
                }
            }
        }, TestContext.Current.CancellationToken)));
        await done.CancelAsync();
        await reader;

        Assert.Empty(seen);
        string[] expected = [.. Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, 250).Select(i => $"edge-{w}-{2 * i:D3}")).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, table.Snapshot().Topology.Sites.Select(s => s.Id));
        (IReadOnlyList<SiteStatus> page, bool more) = await table.PageAsync("edge-3-496", 10);
        Assert.Equal(["edge-3-498"], page.Select(s => s.Site.Id));
        Assert.False(more);
    }

    [Fact]
    public async Task PageAsync_AfterAndLimit_FollowIdOrder()
    {
        foreach (string id in new[] { "edge-c", "edge-a", "edge-b" })
        {
            await Grains.Site(id).Register(Samples.Osaka with { Name = id });
        }

        (IReadOnlyList<SiteStatus> first, bool moreAfterFirst) = await _cluster.SiteTable.PageAsync(null, 2);
        (IReadOnlyList<SiteStatus> second, bool moreAfterSecond) = await _cluster.SiteTable.PageAsync(first[^1].Site.Id, 2);

        Assert.Equal(["edge-a", "edge-b"], first.Select(s => s.Site.Id));
        Assert.True(moreAfterFirst);
        Assert.Equal(["edge-c"], second.Select(s => s.Site.Id));
        Assert.False(moreAfterSecond);
    }
}
