using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Protocol.V1;

namespace Bunsan.Protocol;

/// <summary>
/// Sites on the wire. Reading is total: a message with an unknown tier, a bad endpoint or out-of-range
/// numbers becomes a <see cref="Site"/> plus the problems found, each naming the field and the fix;
/// the receiver decides (the control plane validates the rest with Core's topology rules).
/// </summary>
public static class SiteMessages
{
    public static SiteDescription ToMessage(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new SiteDescription
        {
            Id = site.Id,
            Name = site.Name,
            Latitude = site.Location.Latitude,
            Longitude = site.Location.Longitude,
            Tier = Name(site.Tier),
            Jurisdiction = site.Jurisdiction,
            Metro = site.Domains.Metro,
            Region = site.Domains.Region,
            Cores = site.Capacity.Cores,
            MemoryGib = site.Capacity.MemoryGiB,
            IdleWatts = site.Energy.IdleWatts,
            PeakWatts = site.Energy.PeakWatts,
            Pue = site.Energy.Pue,
            GridCarbonGPerKwh = site.Energy.GridCarbonGramsPerKWh,
            Endpoint = site.Endpoint?.ToString() ?? "",
            Health = Name(site.Health),
        };
    }

    /// <summary>The site a message describes, or the first problems with it.</summary>
    public static (Site? Site, IReadOnlyList<string> Errors) FromMessage(SiteDescription message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var errors = new List<string>();
        if (!Enum.TryParse(message.Tier, ignoreCase: true, out SiteTier tier) || !Enum.IsDefined(tier) || int.TryParse(message.Tier, out _))
        {
            errors.Add($"site.tier '{message.Tier}' is not a tier: use edge, regional, core or cloud");
        }
        SiteHealth health = SiteHealth.Healthy;
        if (message.Health.Length > 0 && (!Enum.TryParse(message.Health, ignoreCase: true, out health) || !Enum.IsDefined(health) || int.TryParse(message.Health, out _)))
        {
            errors.Add($"site.health '{message.Health}' is not a health: use healthy, degraded or down");
        }
        Uri? endpoint = null;
        if (message.Endpoint.Length > 0
            && (!Uri.TryCreate(message.Endpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            errors.Add($"site.endpoint '{message.Endpoint}' is not an http(s) URL: use e.g. http://10.0.0.5:7101");
        }
        if (!GeoPoint.TryCreate(message.Latitude, message.Longitude, 0, out GeoPoint location, out string? placeError))
        {
            errors.Add($"site.latitude/longitude: {placeError}");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var site = new Site(
            message.Id,
            message.Name,
            location,
            tier,
            message.Jurisdiction,
            new FailureDomains(message.Metro, message.Region),
            new SiteCapacity(message.Cores, message.MemoryGib),
            new EnergyProfile(message.IdleWatts, message.PeakWatts, message.Pue, message.GridCarbonGPerKwh),
            health,
            endpoint);
        return (site, errors);
    }

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
