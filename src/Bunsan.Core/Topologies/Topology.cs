using System.Collections.Frozen;
using System.Collections.Immutable;
using Bunsan.Core.Sites;

namespace Bunsan.Core.Topologies;

/// <summary>A measured round-trip time between two named sites; it overrides the latency model for that pair.</summary>
public sealed record MeasuredRtt(string SiteA, string SiteB, double RttMs);

/// <summary>
/// An immutable snapshot of the federation's sites. Placement and routing are pure functions of a
/// snapshot, so a decision can always be replayed and explained against the snapshot it saw.
/// </summary>
public sealed class Topology
{
    private readonly FrozenDictionary<string, int> _indexById;

    public Topology(string name, ImmutableArray<Site> sites, ImmutableArray<MeasuredRtt> measuredRtts = default)
    {
        Name = name;
        Sites = sites;
        MeasuredRtts = measuredRtts.IsDefault ? [] : measuredRtts;
        var index = new Dictionary<string, int>(sites.Length, StringComparer.Ordinal);
        for (int i = 0; i < sites.Length; i++)
        {
            if (!index.TryAdd(sites[i].Id, i))
            {
                throw new ArgumentException($"duplicate site id '{sites[i].Id}'", nameof(sites));
            }
        }
        _indexById = index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Name { get; }

    public ImmutableArray<Site> Sites { get; }

    public ImmutableArray<MeasuredRtt> MeasuredRtts { get; }

    /// <summary>Index of the site in <see cref="Sites"/>, or -1.</summary>
    public int IndexOf(string siteId) => _indexById.TryGetValue(siteId, out int i) ? i : -1;

    public bool TryGetSite(string siteId, out Site site)
    {
        int i = IndexOf(siteId);
        site = i >= 0 ? Sites[i] : null!;
        return i >= 0;
    }

    /// <summary>A copy with one site's health changed (sites keep their positions).</summary>
    public Topology WithHealth(string siteId, SiteHealth health)
    {
        int i = IndexOf(siteId);
        if (i < 0)
        {
            throw new ArgumentException($"no site '{siteId}'", nameof(siteId));
        }
        return new Topology(Name, Sites.SetItem(i, Sites[i] with { Health = health }), MeasuredRtts);
    }
}
