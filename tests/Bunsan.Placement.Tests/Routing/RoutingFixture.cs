using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

/// <summary>
/// Sites on a line east of an origin at the equator, with the physical-bound latency model
/// (RTT = 0.01 ms per km), so a site's RTT is easy to read: 100 km east is 1 ms.
/// </summary>
internal sealed class RoutingFixture
{
    public static readonly GeoPoint Origin = new(0, 0);

    public RoutingFixture(params double[] rttMs)
    {
        Locations = [.. rttMs.Select(rtt => new GeoPoint(0, KmToDegrees(rtt * 100)))];
        Cells = new OriginCells();
        Cell = Cells.Add(Origin);
        Table = RoutingTable.Build([.. Enumerable.Range(0, rttMs.Length)], Locations, Cells, Latency);
        Load = new SiteLoadEstimates(rttMs.Length);
    }

    public static ILatencyModel Latency => PhysicalBoundLatencyModel.Instance;

    public GeoPoint[] Locations { get; }

    public OriginCells Cells { get; }

    public int Cell { get; }

    public RoutingTable Table { get; }

    public SiteLoadEstimates Load { get; }

    /// <summary>RTT from the cell centre the table used (not exactly the origin) to a site.</summary>
    public double RttMs(int site) => Latency.RttMs(Cells.Centre(Cell), Locations[site]);

    public RoutingQuery Query(double budgetMs, double execMs) => new(Table, Cell, budgetMs, execMs, Load);

    public static double KmToDegrees(double km) => km / (Math.PI * GeoPoint.EarthRadiusKm / 180);

    /// <summary>Sets a site's queue-wait estimate to exactly <paramref name="ms"/>.</summary>
    public void SetQueueWait(int site, double ms)
    {
        // With smoothing 1 would be exact; with the default, repeat until it converges.
        for (int i = 0; i < 400; i++)
        {
            Load.ObserveRejection(site, ms);
        }
    }
}
