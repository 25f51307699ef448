using System.Collections.Immutable;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// The federation as placement needs it now: an immutable <see cref="Topology"/> of every registered
/// site with its derived health, and each site's last reported utilisation, aligned by index. Taken from the
/// <see cref="LiveSiteTable"/>.
/// </summary>
public sealed record LiveTopology(Topology Topology, ImmutableArray<SiteStatus> Statuses)
{
    /// <summary>Utilisation per site, indexed like <see cref="Topology.Sites"/>; 0 for a site that has not reported (it is down, so placement skips it anyway).</summary>
    public ImmutableArray<double> Utilisation => [.. Statuses.Select(status => status.LastLoad?.Utilisation ?? 0)];

    /// <summary>The input of <see cref="IPlacementPipeline.Place"/> for this snapshot.</summary>
    public PlacementContext ToPlacementContext(ILatencyModel latency) => new(Topology, latency, Utilisation);
}
