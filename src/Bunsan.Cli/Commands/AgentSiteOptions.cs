using System.CommandLine;
using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Cli.Commands;

/// <summary>
/// How a site describes itself when its agent joins a control plane (`bunsan agent --control URL ...`): the same
/// fields a topology file gives, as options. Energy defaults come from the tier (per core: edge 5/12 W idle/peak and
/// PUE 1.6, regional 4/10 W and 1.5, core 3.5/9 W and 1.35, cloud 3/8 W and 1.2 — the figures of
/// examples/topologies/japan.yaml) and a 450 g/kWh grid unless given.
/// </summary>
internal sealed class AgentSiteOptions
{
    public Option<string?> Name { get; } = new("--name") { Description = "Site id when joining a control plane (letters, digits, . - _), e.g. edge-osaka" };
    public Option<string?> Lat { get; } = new("--lat") { Description = "Latitude of the site, degrees" };
    public Option<string?> Lon { get; } = new("--lon") { Description = "Longitude of the site, degrees" };
    public Option<string> Tier { get; } = new("--tier") { Description = "edge | regional | core | cloud", DefaultValueFactory = _ => "edge" };
    public Option<string> Jurisdiction { get; } = new("--jurisdiction") { Description = "ISO 3166-1 alpha-2 code whose law governs data here", DefaultValueFactory = _ => "JP" };
    public Option<string?> Metro { get; } = new("--metro") { Description = "Failure domain: the metro (default: the site id)" };
    public Option<string?> Region { get; } = new("--region") { Description = "Failure domain: the region (default: the metro)" };
    public Option<double?> Memory { get; } = new("--memory") { Description = "Memory in GiB (default: 4 per core)" };
    public Option<double?> CarbonIntensity { get; } = new("--grid-carbon") { Description = "Grid carbon intensity, g CO2/kWh (default 450)" };
    public Option<string?> Advertise { get; } = new("--advertise") { Description = "URL peers reach this agent at (default http://127.0.0.1:PORT; https:// with a production join token)" };

    public IEnumerable<Option> All => [Name, Lat, Lon, Tier, Jurisdiction, Metro, Region, Memory, CarbonIntensity, Advertise];

    /// <summary>The site these options describe, checked by Core's topology rules; bad input names the option.</summary>
    /// <param name="scheme">Of the default endpoint: https for an agent in production mode.</param>
    public Site Read(ParseResult p, int cores, int port, string scheme)
    {
        string id = p.GetValue(Name) ?? throw new BadInputException("--name", "joining a control plane needs the site's id: --name edge-osaka");
        GeoPoint location = ReadLocation(p);
        if (!Enum.TryParse(p.GetValue(Tier), ignoreCase: true, out SiteTier tier) || !Enum.IsDefined(tier) || int.TryParse(p.GetValue(Tier), out _))
        {
            throw new BadInputException("--tier", $"'{p.GetValue(Tier)}' is not a tier: use edge, regional, core or cloud");
        }
        (double idle, double peak, double pue) = tier switch
        {
            SiteTier.Edge => (5.0, 12.0, 1.6),
            SiteTier.Regional => (4.0, 10.0, 1.5),
            SiteTier.Core => (3.5, 9.0, 1.35),
            _ => (3.0, 8.0, 1.2),
        };
        string metro = p.GetValue(Metro) ?? id;
        string advertised = p.GetValue(Advertise) ?? $"{scheme}://127.0.0.1:{port}";
        if (!Uri.TryCreate(advertised, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new BadInputException("--advertise", $"'{advertised}' is not an http(s) URL: use e.g. http://10.0.0.5:{port}");
        }
        var site = new Site(id, id, location, tier, p.GetValue(Jurisdiction)!.ToUpperInvariant(), new FailureDomains(metro, p.GetValue(Region) ?? metro),
            new SiteCapacity(cores, p.GetValue(Memory) ?? cores * 4.0),
            new EnergyProfile(idle * cores, peak * cores, pue, p.GetValue(CarbonIntensity) ?? 450), Endpoint: endpoint);
        var problems = TopologyValidator.Validate(new Topology("agent", [site]));
        return problems.IsEmpty ? site : throw new BadInputException("--name", "this site is not valid: " + string.Join("; ", problems));
    }

    private GeoPoint ReadLocation(ParseResult p)
    {
        string? lat = p.GetValue(Lat);
        string? lon = p.GetValue(Lon);
        if (lat is null || lon is null)
        {
            throw new BadInputException(lat is null ? "--lat" : "--lon", "joining a control plane needs the site's place: --lat 34.69 --lon 135.50");
        }
        if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out double latitude))
        {
            throw new BadInputException("--lat", $"'{lat}' is not a number: use degrees, e.g. 34.69");
        }
        if (!double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out double longitude))
        {
            throw new BadInputException("--lon", $"'{lon}' is not a number: use degrees, e.g. 135.50");
        }
        if (!GeoPoint.TryCreate(latitude, longitude, 0, out GeoPoint point, out string? error))
        {
            throw new BadInputException("--lat", error!);
        }
        return point;
    }
}
