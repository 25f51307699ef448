namespace Bunsan.Placement.Routing;

/// <summary>
/// Baseline: the replica with the fewest outstanding requests (sent, not yet answered), blind to
/// latency — the classic least-requests balancer. Ties are broken uniformly at random.
/// </summary>
public sealed class LeastLoadedRoutingPolicy : IRoutingPolicy
{
    public string Name => "least-loaded";

    public int Route(in RoutingQuery query, ref RouterRandom random, Span<int> candidates)
    {
        ReadOnlySpan<int> replicas = query.Table.ReplicaSites;
        if (replicas.IsEmpty || candidates.IsEmpty)
        {
            return 0;
        }
        int best = -1;
        int bestLoad = int.MaxValue;
        int ties = 0;
        foreach (int site in replicas)
        {
            int load = query.Load.Outstanding(site);
            if (load < bestLoad)
            {
                best = site;
                bestLoad = load;
                ties = 1;
            }
            else if (load == bestLoad && random.NextInt(++ties) == 0)
            {
                best = site;
            }
        }
        candidates[0] = best;
        return 1;
    }
}
