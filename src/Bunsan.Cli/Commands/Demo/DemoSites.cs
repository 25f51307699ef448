using System.Collections.Immutable;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// The demo's federation: 14 sites of examples/topologies/japan.yaml from Hokkaido to Okinawa — a core data centre
/// in Tokyo (the cloud-only baseline's site) and 13 edge sites, with the Kansai cluster (Osaka, Kobe, Kyoto) where
/// the regional burst hits. Capacity is scaled down so one machine can host them all: each edge site lends 2 cores,
/// the core site 16, and execution time is emulated from each function's spec (the machine's own cores are shared
/// by every process).
/// </summary>
internal static class DemoSites
{
    public const string CloudSite = "core-tokyo";

    public static ImmutableArray<string> Ids { get; } =
    [
        "edge-sapporo", "edge-sendai", "edge-tokyo", "edge-yokohama", "edge-nagoya", "edge-kanazawa", "edge-kyoto",
        "edge-osaka", "edge-kobe", "edge-hiroshima", "edge-takamatsu", "edge-fukuoka", "edge-naha", CloudSite,
    ];

    /// <summary>
    /// Which sites a smaller demo keeps (<c>--sites N</c> takes the first N of this list): the cloud-only baseline's
    /// site, the burst's city and its neighbours, then the other regions from the largest metro down.
    /// </summary>
    public static ImmutableArray<string> ByPriority { get; } =
    [
        CloudSite, "edge-osaka", "edge-tokyo", "edge-kobe", "edge-kyoto", "edge-nagoya", "edge-fukuoka", "edge-sapporo",
        "edge-sendai", "edge-hiroshima", "edge-yokohama", "edge-kanazawa", "edge-takamatsu", "edge-naha",
    ];

    public const int MinSites = 4;

    /// <summary>The first <paramref name="count"/> sites by <see cref="ByPriority"/>, in <see cref="Ids"/> order (north to south).</summary>
    public static ImmutableArray<string> Pick(int count) => [.. Ids.Where(id => ByPriority.IndexOf(id) < count)];

    public const int EdgeCores = 2;
    public const int CoreCores = 16;

    /// <summary>The sites <paramref name="ids"/>, each with its agent's endpoint on loopback.</summary>
    public static Topology Select(Topology japan, IReadOnlyList<string> ids, IReadOnlyList<int> ports)
    {
        ArgumentNullException.ThrowIfNull(japan);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(ports);
        var sites = ids.Select((id, i) =>
        {
            Site site = japan.Sites.FirstOrDefault(s => s.Id == id)
                ?? throw new InvalidOperationException($"the demo's site {id} is not in topology '{japan.Name}'");
            return site with
            {
                Capacity = new SiteCapacity(CoresOf(site), CoresOf(site) * 4),
                Endpoint = new Uri($"http://127.0.0.1:{ports[i]}"),
            };
        });
        return new Topology("japan-demo", [.. sites]);
    }

    public static int CoresOf(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Tier == SiteTier.Edge ? EdgeCores : CoreCores;
    }
}
