using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// What an agent tells the control plane about its site when it joins. The id is the site grain's key;
/// health is not declared but derived from heartbeats.
/// </summary>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 code whose law governs data at the site, e.g. JP.</param>
/// <param name="Endpoint">Where the site's agent listens, for its peers' forwards (scheme, host, port).</param>
[GenerateSerializer, Immutable, Alias("bunsan.site-registration")]
public sealed record SiteRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] GeoPoint Location,
    [property: Id(2)] SiteTier Tier,
    [property: Id(3)] string Jurisdiction,
    [property: Id(4)] FailureDomains Domains,
    [property: Id(5)] SiteCapacity Capacity,
    [property: Id(6)] EnergyProfile Energy,
    [property: Id(7)] Uri? Endpoint = null)
{
    public Site ToSite(string siteId) => new(siteId, Name, Location, Tier, Jurisdiction, Domains, Capacity, Energy, Endpoint: Endpoint);
}
