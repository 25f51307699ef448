using Bunsan.Core.Geo;

namespace Bunsan.Core.Sites;

/// <summary>Compute capacity of a site.</summary>
public sealed record SiteCapacity(int Cores, double MemoryGiB);

/// <summary>
/// What a site's energy costs: server power at idle and at full load, the facility's power usage
/// effectiveness (PUE, total facility power / IT power), and the carbon intensity of its grid.
/// </summary>
public sealed record EnergyProfile(double IdleWatts, double PeakWatts, double Pue, double GridCarbonGramsPerKWh);

/// <summary>The failure domains a site belongs to: losing a metro or a region takes all of its sites.</summary>
public sealed record FailureDomains(string Metro, string Region);

/// <summary>One compute site of the federation.</summary>
/// <param name="Id">Stable identifier, unique in the topology (e.g. "edge-sapporo").</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 country code whose law governs data at this site.</param>
/// <param name="Endpoint">Where the site's agent listens (http or https, scheme + host + port), so gateways can
/// forward to it without a control plane; null when the topology does not say.</param>
public sealed record Site(
    string Id,
    string Name,
    GeoPoint Location,
    SiteTier Tier,
    string Jurisdiction,
    FailureDomains Domains,
    SiteCapacity Capacity,
    EnergyProfile Energy,
    SiteHealth Health = SiteHealth.Healthy,
    Uri? Endpoint = null);
