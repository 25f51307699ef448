namespace Bunsan.Placement.Routing;

/// <summary>Baseline: a replica drawn uniformly at random, blind to latency and load.</summary>
public sealed class RandomRoutingPolicy : IRoutingPolicy
{
    public string Name => "random";

    public int Route(in RoutingQuery query, ref RouterRandom random, Span<int> candidates)
    {
        ReadOnlySpan<int> replicas = query.Table.ReplicaSites;
        if (replicas.IsEmpty || candidates.IsEmpty)
        {
            return 0;
        }
        candidates[0] = replicas[random.NextInt(replicas.Length)];
        return 1;
    }
}
