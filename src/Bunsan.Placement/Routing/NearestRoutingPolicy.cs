namespace Bunsan.Placement.Routing;

/// <summary>Baseline: the replica with the smallest RTT from the origin, blind to load (then the next nearest as fallbacks).</summary>
public sealed class NearestRoutingPolicy : IRoutingPolicy
{
    public string Name => "nearest";

    public int Route(in RoutingQuery query, ref RouterRandom random, Span<int> candidates)
    {
        ReadOnlySpan<int> sites = query.Table.SitesByRtt(query.Cell);
        int n = Math.Min(sites.Length, candidates.Length);
        sites[..n].CopyTo(candidates);
        return n;
    }
}
