using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

public sealed class BaselineRoutingPolicyTests
{
    private static int[] Route(IRoutingPolicy policy, RoutingFixture f, ref RouterRandom random, int span = 4)
    {
        Span<int> candidates = stackalloc int[span];
        int n = policy.Route(f.Query(10, 2), ref random, candidates);
        return candidates[..n].ToArray();
    }

    [Fact]
    public void Nearest_Route_LoadedNearest_StillChoosesItThenRttOrder()
    {
        var f = new RoutingFixture(3, 1, 2);
        f.SetQueueWait(1, 100);
        var random = new RouterRandom(1);
        Assert.Equal([1, 2, 0], Route(new NearestRoutingPolicy(), f, ref random));
    }

    [Fact]
    public void LeastLoaded_Route_ChoosesFewestOutstandingWhateverItsRtt()
    {
        var f = new RoutingFixture(1, 2, 30);
        f.Load.RequestSent(0);
        f.Load.RequestSent(1);
        var random = new RouterRandom(1);
        Assert.Equal([2], Route(new LeastLoadedRoutingPolicy(), f, ref random));
        f.Load.RequestAnswered(0);
        f.Load.RequestSent(2);
        Assert.Equal([0], Route(new LeastLoadedRoutingPolicy(), f, ref random));
    }

    [Fact]
    public void LeastLoaded_Route_Ties_BrokenAcrossAllTied()
    {
        var f = new RoutingFixture(1, 2, 3);
        var random = new RouterRandom(5);
        var chosen = new HashSet<int>();
        for (int i = 0; i < 100; i++)
        {
            chosen.Add(Route(new LeastLoadedRoutingPolicy(), f, ref random)[0]);
        }
        Assert.Equal(3, chosen.Count);
    }

    [Fact]
    public void Random_Route_ReachesEveryReplicaRoughlyEvenly()
    {
        var f = new RoutingFixture(1, 2, 3, 40);
        var random = new RouterRandom(9);
        var counts = new int[4];
        for (int i = 0; i < 4_000; i++)
        {
            counts[Route(new RandomRoutingPolicy(), f, ref random)[0]]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void Policies_NoReplicas_ReturnNone()
    {
        var cells = new OriginCells();
        int cell = cells.Add(RoutingFixture.Origin);
        var table = RoutingTable.Build([], [], cells, RoutingFixture.Latency);
        var query = new RoutingQuery(table, cell, 10, 1, new SiteLoadEstimates(0));
        var random = new RouterRandom(1);
        Span<int> candidates = stackalloc int[4];
        foreach (string name in RoutingPolicies.Names)
        {
            Assert.Equal(0, RoutingPolicies.Create(name)!.Route(query, ref random, candidates));
        }
    }

    [Fact]
    public void RoutingPolicies_Create_KnownNamesMatchAndUnknownIsNull()
    {
        foreach (string name in RoutingPolicies.Names)
        {
            Assert.Equal(name, RoutingPolicies.Create(name)!.Name);
        }
        Assert.Null(RoutingPolicies.Create("fastest"));
    }
}
