using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.Core.Topologies;

/// <summary>
/// "The Tokyo core data centre" of the cloud-only baseline, found the same way by the simulator and by agents
/// running that baseline: the healthy core site nearest Tokyo Station, else the healthy site nearest it.
/// </summary>
public static class TokyoCore
{
    /// <summary>Tokyo Station.</summary>
    public static readonly GeoPoint Tokyo = new(35.6812, 139.7671);

    /// <summary>The index of that site in <paramref name="sites"/>, or -1 when no site is healthy.</summary>
    public static int SiteIndex(IReadOnlyList<Site> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        int best = -1;
        double bestKm = double.PositiveInfinity;
        foreach (bool coreOnly in (ReadOnlySpan<bool>)[true, false])
        {
            for (int i = 0; i < sites.Count; i++)
            {
                if (sites[i].Health != SiteHealth.Healthy || (coreOnly && sites[i].Tier != SiteTier.Core))
                {
                    continue;
                }
                double km = sites[i].Location.DistanceKmTo(Tokyo);
                if (km < bestKm)
                {
                    (best, bestKm) = (i, km);
                }
            }
            if (best >= 0)
            {
                return best;
            }
        }
        return best;
    }
}
