using System.Collections.Immutable;
using Bunsan.Core.Topologies;

namespace Bunsan.Placement.Demand;

/// <summary>
/// Demand before any is measured: one point per site location at a small equal rate. Every site is a
/// place requests come from (its own users enter through it), so placing for this covers every site
/// within the budget where one can be, without capacity pressure. Agents without a control plane and
/// the control plane (until it measures real rates) use the same rule, so they agree on placements.
/// </summary>
public static class SiteDemand
{
    /// <summary>Requests per second each site's point asks for: small enough never to trip the capacity filter.</summary>
    public const double PerSiteRps = 1;

    public static ImmutableArray<DemandPoint> OnePointPerSite(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return [.. topology.Sites.Select(site => new DemandPoint(site.Location, PerSiteRps))];
    }
}
