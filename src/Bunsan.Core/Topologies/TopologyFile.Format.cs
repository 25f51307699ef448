using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunsan.Core.Sites;

namespace Bunsan.Core.Topologies;

public static partial class TopologyFile
{
    /// <summary>
    /// Writes a topology in the file schema, one site per line in YAML flow style, so that
    /// <see cref="Parse"/> reads back an equal topology (e.g. to save a synthetic topology for the CLI).
    /// Strings are JSON-quoted, which YAML reads as double-quoted scalars; numbers use the shortest
    /// round-trip form. A 10,000-site topology is ~3 MB.
    /// </summary>
    public static string Format(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var text = new StringBuilder(300 * (topology.Sites.Length + 1));
        text.Append("name: ").Append(Quote(topology.Name)).Append('\n');
        text.Append("sites:\n");
        foreach (Site site in topology.Sites)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  - {{ id: {Quote(site.Id)}, name: {Quote(site.Name)}, location: {{ lat: {N(site.Location.Latitude)}, lon: {N(site.Location.Longitude)}, alt_m: {N(site.Location.AltitudeM)} }}, ");
            text.Append(CultureInfo.InvariantCulture,
                $"tier: {Lower(site.Tier)}, jurisdiction: {Quote(site.Jurisdiction)}, metro: {Quote(site.Domains.Metro)}, region: {Quote(site.Domains.Region)}, ");
            text.Append(CultureInfo.InvariantCulture,
                $"capacity: {{ cores: {site.Capacity.Cores}, memory_gib: {N(site.Capacity.MemoryGiB)} }}, ");
            text.Append(CultureInfo.InvariantCulture,
                $"energy: {{ idle_w: {N(site.Energy.IdleWatts)}, peak_w: {N(site.Energy.PeakWatts)}, pue: {N(site.Energy.Pue)}, grid_carbon_g_per_kwh: {N(site.Energy.GridCarbonGramsPerKWh)} }}, ");
            text.Append(CultureInfo.InvariantCulture, $"health: {Lower(site.Health)}");
            if (site.Endpoint is not null)
            {
                text.Append(", endpoint: ").Append(Quote(site.Endpoint.GetLeftPart(UriPartial.Authority)));
            }
            text.Append(" }\n");
        }
        if (!topology.MeasuredRtts.IsEmpty)
        {
            text.Append("measured_rtt:\n");
            foreach (MeasuredRtt rtt in topology.MeasuredRtts)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - {{ a: {Quote(rtt.SiteA)}, b: {Quote(rtt.SiteB)}, rtt_ms: {N(rtt.RttMs)} }}\n");
            }
        }
        return text.ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
