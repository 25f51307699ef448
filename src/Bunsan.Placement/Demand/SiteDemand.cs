using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Demand;

/// <summary>
/// Demand before any is measured: every site is a place requests come from (its own users enter through it), at a
/// small equal rate, so placing for it covers every site within the budget where one can be, without capacity
/// pressure. Sites are pooled by spatial-ID cell (zoom 10, ~32 km over Japan, as the simulator pools origins): one
/// point per cell at the sites' mean location, weighted by their number. Placement's cost grows with demand points
/// × sites, so pooling keeps a 10,000-site federation (a few hundred cells) plannable every beat, while a sparse
/// one (one site per cell) gets exactly one point per site. Agents without a control plane and the control plane
/// use the same rule, so they agree on placements.
/// </summary>
public static class SiteDemand
{
    /// <summary>Requests per second each site adds: small enough never to trip the capacity filter.</summary>
    public const double PerSiteRps = 1;

    public const int PoolingZoom = 10;

    // Pooled once per snapshot, like SiteIndex: a topology is immutable, and the control plane hands every replan of an
    // unchanged federation the same instance. Pooling 10,000 sites cost 2–4 ms of each placement call (a deploy's
    // replan included) before this.
    private static readonly ConditionalWeakTable<Topology, StrongBox<ImmutableArray<DemandPoint>>> Cache = [];

    /// <summary>The pooled demand of a snapshot, computed on first use and kept as long as the snapshot lives.</summary>
    public static ImmutableArray<DemandPoint> PooledBySite(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return Cache.GetValue(topology, t => new StrongBox<ImmutableArray<DemandPoint>>(Pool(t))).Value;
    }

    private static ImmutableArray<DemandPoint> Pool(Topology topology)
    {
        var cells = new OriginCells(PoolingZoom);
        var sums = new List<(double Lat, double Lon, int Sites)>();
        foreach (var site in topology.Sites)
        {
            // Spatial IDs stop at the Web-Mercator edge: a polar site pools at the edge cell.
            var clamped = new GeoPoint(Math.Clamp(site.Location.Latitude, -SpatialId.MaxLatitude, SpatialId.MaxLatitude), site.Location.Longitude);
            int cell = cells.Add(clamped);
            if (cell == sums.Count)
            {
                sums.Add((0, 0, 0));
            }
            var (lat, lon, n) = sums[cell];
            sums[cell] = (lat + site.Location.Latitude, lon + site.Location.Longitude, n + 1);
        }
        return [.. sums.Select(s => new DemandPoint(new GeoPoint(s.Lat / s.Sites, s.Lon / s.Sites), s.Sites * PerSiteRps))];
    }
}
