using Bunsan.Core.Geo;
using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

public sealed class RoutingTableTests
{
    [Fact]
    public void Build_ReplicasInAnyOrder_SortsEachCellByRtt()
    {
        var f = new RoutingFixture(5, 1, 3, 2);
        Assert.Equal([1, 3, 2, 0], f.Table.SitesByRtt(f.Cell).ToArray());
        double[] rtts = f.Table.RttsMs(f.Cell).ToArray();
        Assert.Equal(rtts.Order().ToArray(), rtts);
        Assert.Equal(f.RttMs(1), rtts[0], 9);
    }

    [Fact]
    public void Build_MoreReplicasThanCap_KeepsOnlyTheNearest()
    {
        var locations = Enumerable.Range(0, 10).Select(i => new GeoPoint(0, RoutingFixture.KmToDegrees(100 * (10 - i)))).ToArray();
        var cells = new OriginCells();
        int cell = cells.Add(RoutingFixture.Origin);
        var table = RoutingTable.Build([.. Enumerable.Range(0, 10)], locations, cells, RoutingFixture.Latency, maxCandidatesPerCell: 3);
        Assert.Equal([9, 8, 7], table.SitesByRtt(cell).ToArray());
        Assert.Equal(10, table.ReplicaSites.Length);
    }

    [Fact]
    public void Build_NoReplicas_EveryCellEmpty()
    {
        var cells = new OriginCells();
        int cell = cells.Add(RoutingFixture.Origin);
        var table = RoutingTable.Build([], [], cells, RoutingFixture.Latency);
        Assert.True(table.SitesByRtt(cell).IsEmpty);
    }

    [Fact]
    public void OriginCells_NearbyAndDistantPoints_ShareOnlyWhenInOneCell()
    {
        var cells = new OriginCells(11);
        int tokyo = cells.Add(new GeoPoint(35.6812, 139.7671));
        Assert.Equal(tokyo, cells.Add(new GeoPoint(35.6813, 139.7672)));
        Assert.NotEqual(tokyo, cells.Add(new GeoPoint(34.7025, 135.4959)));
        Assert.Equal(-1, cells.Find(new GeoPoint(43.06, 141.35)));
        Assert.True(cells.Centre(tokyo).DistanceKmTo(new GeoPoint(35.6812, 139.7671)) < 15);
    }
}
