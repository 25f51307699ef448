using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Core.Documents;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using YamlDotNet.RepresentationModel;

namespace Bunsan.Core.Topologies;

/// <summary>
/// Reads a topology from YAML or JSON (snake_case keys; the schema is in Topologies/README.md and
/// examples/topologies/japan.yaml). Never throws on user input: every problem, however many, comes
/// back in <see cref="TopologyParseResult.Errors"/>, naming the site (index and id), the field and the fix.
/// </summary>
public static partial class TopologyFile
{
    /// <summary>Ten times the largest topology we simulate; more is a generated mistake, not a federation.</summary>
    public const int MaxSites = 1_000_000;

    public static TopologyParseResult Parse(string? text, string sourceName)
    {
        var errors = new DocumentErrors(string.IsNullOrWhiteSpace(sourceName) ? "topology" : sourceName);
        YamlMappingNode? root = YamlDocumentLoader.Load(text, errors);
        if (root is null)
        {
            return new TopologyParseResult(null, errors.ToImmutable());
        }
        var document = new MappingReader(root, errors, "");
        string name = document.String("name", required: false, ValueRules.Name) ?? DefaultName(sourceName);
        YamlSequenceNode? siteNodes = document.Sequence("sites", required: true);
        YamlSequenceNode? rttNodes = document.Sequence("measured_rtt", required: false);
        document.ReportUnknownKeys();

        var sites = ImmutableArray.CreateBuilder<Site>();
        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        if (siteNodes is not null)
        {
            if (siteNodes.Children.Count == 0)
            {
                errors.Add(siteNodes.Start, "sites is empty: list at least one site");
            }
            else if (siteNodes.Children.Count > MaxSites)
            {
                errors.Add(siteNodes.Start, string.Create(CultureInfo.InvariantCulture, $"sites has {siteNodes.Children.Count} entries: the limit is {MaxSites}"));
                return new TopologyParseResult(null, errors.ToImmutable());
            }
            for (int i = 0; i < siteNodes.Children.Count; i++)
            {
                if (ReadSite(siteNodes.Children[i], i, errors, firstIndexById) is { } site)
                {
                    sites.Add(site);
                }
            }
        }
        var rtts = ImmutableArray.CreateBuilder<MeasuredRtt>();
        if (rttNodes is not null)
        {
            var locationById = sites.ToDictionary(site => site.Id, site => site.Location, StringComparer.Ordinal);
            MeasuredRttReader.ReadAll(rttNodes, errors, firstIndexById, locationById, rtts);
        }
        if (errors.Count > 0)
        {
            return new TopologyParseResult(null, errors.ToImmutable());
        }
        return new TopologyParseResult(new Topology(name, sites.ToImmutable(), rtts.ToImmutable()), []);
    }

    private static Site? ReadSite(YamlNode node, int index, DocumentErrors errors, Dictionary<string, int> firstIndexById)
    {
        string context = string.Create(CultureInfo.InvariantCulture, $"sites[{index}]: ");
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node.Start, context + $"is {MappingReader.Describe(node)}: write a mapping with id, location, tier, ...");
            return null;
        }
        var site = new MappingReader(mapping, errors, context);
        string? id = site.String("id", required: true, ValueRules.Identifier);
        if (id is not null)
        {
            site.Context = string.Create(CultureInfo.InvariantCulture, $"sites[{index}] ({id}): ");
            if (!firstIndexById.TryAdd(id, index))
            {
                site.Error(mapping.Start, string.Create(CultureInfo.InvariantCulture, $"id '{id}' is already used by sites[{firstIndexById[id]}]: give every site its own id"));
                id = null;
            }
        }
        string? name = site.String("name", required: false, ValueRules.Name);
        GeoPoint? location = ReadLocation(site.Mapping("location", required: true));
        SiteTier? tier = ReadEnum<SiteTier>(site, "tier", required: true);
        string? jurisdiction = site.String("jurisdiction", required: true, ValueRules.Jurisdiction);
        string? metro = site.String("metro", required: true, ValueRules.Identifier);
        string? region = site.String("region", required: true, ValueRules.Identifier);
        SiteCapacity? capacity = ReadCapacity(site.Mapping("capacity", required: true));
        EnergyProfile? energy = ReadEnergy(site.Mapping("energy", required: true));
        SiteHealth health = ReadEnum<SiteHealth>(site, "health", required: false) ?? SiteHealth.Healthy;
        string? endpoint = site.String("endpoint", required: false, SiteRules.Endpoint);
        site.ReportUnknownKeys();

        if (id is null || location is null || tier is null || jurisdiction is null || metro is null || region is null
            || capacity is null || energy is null)
        {
            return null;
        }
        return new Site(id, name ?? id, location.Value, tier.Value, jurisdiction, new FailureDomains(metro, region), capacity, energy, health,
            endpoint is null ? null : new Uri(endpoint, UriKind.Absolute));
    }

    private static GeoPoint? ReadLocation(MappingReader? location)
    {
        if (location is null)
        {
            return null;
        }
        double? lat = location.Number("lat", required: true, SiteRules.Latitude);
        double? lon = location.Number("lon", required: true, SiteRules.Longitude);
        double? alt = location.Number("alt_m", required: false, SiteRules.AltitudeM);
        location.ReportUnknownKeys();
        return lat is null || lon is null ? null : new GeoPoint(lat.Value, lon.Value, alt ?? 0);
    }

    private static SiteCapacity? ReadCapacity(MappingReader? capacity)
    {
        if (capacity is null)
        {
            return null;
        }
        double? cores = capacity.Number("cores", required: true, SiteRules.Cores);
        double? memory = capacity.Number("memory_gib", required: true, SiteRules.MemoryGiB);
        capacity.ReportUnknownKeys();
        return cores is null || memory is null ? null : new SiteCapacity((int)cores.Value, memory.Value);
    }

    private static EnergyProfile? ReadEnergy(MappingReader? energy)
    {
        if (energy is null)
        {
            return null;
        }
        double? idle = energy.Number("idle_w", required: true, SiteRules.IdleWatts);
        double? peak = energy.Number("peak_w", required: true, SiteRules.PeakWatts);
        double? pue = energy.Number("pue", required: true, SiteRules.Pue);
        double? carbon = energy.Number("grid_carbon_g_per_kwh", required: true, SiteRules.GridCarbon);
        energy.ReportUnknownKeys();
        if (idle is null || peak is null || pue is null || carbon is null)
        {
            return null;
        }
        var profile = new EnergyProfile(idle.Value, peak.Value, pue.Value, carbon.Value);
        if (TopologyValidator.PeakAtLeastIdle(profile) is { } problem)
        {
            energy.Error(energy.Start, "peak_w " + problem);
            return null;
        }
        return profile;
    }

    /// <summary>Reads a lowercase enum name (edge, regional, ...); the error lists the valid names.</summary>
    private static T? ReadEnum<T>(MappingReader reader, string key, bool required)
        where T : struct, Enum
    {
        string[] names = [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];
        string? text = reader.String(key, required, value =>
            names.Contains(value, StringComparer.Ordinal) ? null : $"{ValueRules.Show(value)} is not valid: use one of {string.Join(", ", names)}");
        return text is null ? null : Enum.Parse<T>(text, ignoreCase: true);
    }

    private static string DefaultName(string sourceName)
    {
        string stem = Path.GetFileNameWithoutExtension(sourceName ?? "");
        return ValueRules.Identifier(stem) is null ? stem : "topology";
    }
}
