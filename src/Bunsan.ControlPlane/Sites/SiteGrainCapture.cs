using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Bunsan.Core.Topologies;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// The federation read from the site grains themselves: list the registry, then ask every site grain at once. Correct
/// wherever the grains live, but one call per site (0.2–0.7 s at 10,000 sites): <see cref="LiveSiteTable"/> uses it
/// only while the cluster has more than one silo.
/// </summary>
internal static class SiteGrainCapture
{
    /// <summary>Registered sites in ordinal id order; ids whose state is gone (a deregistration in flight) are left out.</summary>
    public static async Task<LiveTopology> CaptureAsync(IGrainFactory grains)
    {
        ImmutableArray<string> ids = await grains.SiteIds().ConfigureAwait(false);
        SiteStatus?[] statuses = await Task.WhenAll(ids.Select(id => grains.Site(id).GetStatus())).ConfigureAwait(false);
        SiteStatus[] present = [.. statuses.OfType<SiteStatus>()];
        return new LiveTopology(new Topology("live", [.. present.Select(status => status.Site)]), ImmutableCollectionsMarshal.AsImmutableArray(present));
    }
}
