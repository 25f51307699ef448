using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Core.Documents;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using YamlDotNet.RepresentationModel;

namespace Bunsan.Core.Topologies;

/// <summary>Reads a topology file's measured_rtt list: pairs of known, distinct sites with a positive RTT, each pair once.</summary>
internal static class MeasuredRttReader
{
    /// <param name="siteIndexById">Every listed site id, valid or not (so a broken site does not also break its RTTs).</param>
    /// <param name="locationById">Locations of the sites that read cleanly, for the physical-bound check.</param>
    public static void ReadAll(
        YamlSequenceNode nodes,
        DocumentErrors errors,
        IReadOnlyDictionary<string, int> siteIndexById,
        IReadOnlyDictionary<string, GeoPoint> locationById,
        ImmutableArray<MeasuredRtt>.Builder rtts)
    {
        var firstIndexByPair = new Dictionary<(string, string), int>();
        for (int i = 0; i < nodes.Children.Count; i++)
        {
            string context = string.Create(CultureInfo.InvariantCulture, $"measured_rtt[{i}]: ");
            if (nodes.Children[i] is not YamlMappingNode mapping)
            {
                errors.Add(nodes.Children[i].Start, context + $"is {MappingReader.Describe(nodes.Children[i])}: write {{ a: SITE_ID, b: SITE_ID, rtt_ms: NUMBER }}");
                continue;
            }
            var reader = new MappingReader(mapping, errors, context);
            string? a = reader.String("a", required: true, id => KnownSite(id, siteIndexById));
            string? b = reader.String("b", required: true, id => KnownSite(id, siteIndexById));
            double? rtt = reader.Number("rtt_ms", required: true, SiteRules.RttMs);
            reader.ReportUnknownKeys();
            if (a is null || b is null || rtt is null)
            {
                continue;
            }
            if (a == b)
            {
                reader.Error(mapping.Start, $"b is the same site as a ('{a}'): a measured RTT joins two different sites");
                continue;
            }
            var pair = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
            if (!firstIndexByPair.TryAdd(pair, i))
            {
                reader.Error(mapping.Start, string.Create(CultureInfo.InvariantCulture, $"a/b pair '{a}'/'{b}' is already measured in measured_rtt[{firstIndexByPair[pair]}]: keep one"));
                continue;
            }
            if (locationById.TryGetValue(a, out GeoPoint from) && locationById.TryGetValue(b, out GeoPoint to)
                && BelowPhysicalBound(rtt.Value, from, to) is { } problem)
            {
                reader.Error(mapping.Start, "rtt_ms " + problem);
                continue;
            }
            rtts.Add(new MeasuredRtt(a, b, rtt.Value));
        }
    }

    /// <summary>No path is faster than light in fibre along the great circle: a smaller RTT is a typo or a swapped pair.</summary>
    public static string? BelowPhysicalBound(double rttMs, GeoPoint a, GeoPoint b)
    {
        double boundMs = PhysicalBoundLatencyModel.Instance.RttMs(a, b);
        return rttMs >= boundMs ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"is {rttMs:0.###}, below the {boundMs:0.###} ms that light in fibre needs for the {a.DistanceKmTo(b):0} km between the sites: check the value and the pair");
    }

    private static string? KnownSite(string id, IReadOnlyDictionary<string, int> siteIndexById) =>
        siteIndexById.ContainsKey(id) ? null : $"{ValueRules.Show(id)} is not a site id: use the id of a site listed in sites";
}
