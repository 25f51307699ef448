using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

public sealed class DeadlineAwareRoutingPolicyTests
{
    private static int[] Route(RoutingFixture f, double budget, double exec, ulong seed = 1, int span = 8)
    {
        var policy = new DeadlineAwareRoutingPolicy();
        var random = new RouterRandom(seed);
        Span<int> candidates = stackalloc int[span];
        int n = policy.Route(f.Query(budget, exec), ref random, candidates);
        return candidates[..n].ToArray();
    }

    [Fact]
    public void Route_IdleReplicas_ReturnsOnlyThoseThatFitTheBudget()
    {
        // RTTs 1, 3 and 9 ms; with 2 ms of execution only the first two fit 10 ms.
        var f = new RoutingFixture(1, 3, 9);
        int[] sites = Route(f, budget: 10, exec: 2);
        Assert.Equal([0, 1], sites.Order().ToArray());
    }

    [Fact]
    public void Route_NoReplicaFitsEvenIdle_ReturnsNone()
    {
        var f = new RoutingFixture(9, 12);
        Assert.Empty(Route(f, budget: 10, exec: 2));
    }

    [Fact]
    public void Route_TwoFeasible_PutsEarlierExpectedCompletionFirst()
    {
        var f = new RoutingFixture(1, 2);
        f.SetQueueWait(0, 4); // site 0: 1 + 4 + 2 = 7 ms; site 1: 2 + 0 + 2 = 4 ms
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Assert.Equal([1, 0], Route(f, budget: 10, exec: 2, seed));
        }
    }

    [Fact]
    public void Route_NearestWithinHalfTheBudget_StaysFirstThoughAnotherLooksFaster()
    {
        // An interactive request: the nearest finishes in ~120 ms of 500, a farther replica's estimate is 60 ms.
        var f = new RoutingFixture(2, 20);
        f.SetQueueWait(0, 100);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Assert.Equal([0, 1], Route(f, budget: 500, exec: 20, seed));
        }
    }

    [Fact]
    public void Route_NearestPastHalfTheBudget_SpillsToTheFasterOne()
    {
        var f = new RoutingFixture(2, 20);
        f.SetQueueWait(0, 300); // 2 + 300 + 20 > 250
        Assert.Equal([1, 0], Route(f, budget: 500, exec: 20));
    }

    [Theory]
    [InlineData(new double[] { 2 }, new[] { 1, 0 })] // steady forwards: the faster peer goes first
    [InlineData(new double[] { 0, 4 }, new[] { 0, 1 })] // same mean, erratic: the predictable local queue stays first
    public void Route_NearestPastHalfTheBudget_SpillsOnlyToAPeerWhoseForwardsAreSteady(double[] overheads, int[] expected)
    {
        // Site 0 is the gateway's own: 1 + 4 + 2 = 7 ms of 10. Site 1: 2 + 0 + 2 + overhead ~2 = ~6 ms.
        var f = new RoutingFixture(1, 2);
        f.Load.Self = 0;
        f.SetQueueWait(0, 4);
        for (int i = 0; i < 200; i++)
        {
            f.Load.ObserveForwardOverhead(1, overheads[i % overheads.Length]);
        }
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Assert.Equal(expected, Route(f, budget: 10, exec: 2, seed));
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_SpillFractionOutsideZeroToOne_Throws(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineAwareRoutingPolicy(spillFraction: fraction));

    [Fact]
    public void Route_NearestOverloadedByEstimate_KeepsItOnlyAsLastResort()
    {
        var f = new RoutingFixture(1, 3);
        f.SetQueueWait(0, 20); // 1 + 20 + 2 > 10: infeasible by estimate, feasible if idle
        Assert.Equal([1, 0], Route(f, budget: 10, exec: 2));
    }

    [Fact]
    public void Route_AllOverloadedByEstimate_StillTriesIdleFeasibleSitesNearestFirst()
    {
        var f = new RoutingFixture(1, 3, 20);
        f.SetQueueWait(0, 50);
        f.SetQueueWait(1, 50);
        Assert.Equal([0, 1], Route(f, budget: 10, exec: 2));
    }

    [Fact]
    public void Route_ManyEqualIdleReplicas_SpreadsFirstChoices()
    {
        var f = new RoutingFixture(1, 1, 1, 1, 1, 1);
        var firsts = new HashSet<int>();
        var policy = new DeadlineAwareRoutingPolicy();
        var random = new RouterRandom(7);
        Span<int> candidates = stackalloc int[4];
        for (int i = 0; i < 200; i++)
        {
            policy.Route(f.Query(10, 2), ref random, candidates);
            firsts.Add(candidates[0]);
        }
        Assert.Equal(6, firsts.Count);
    }

    [Fact]
    public void Route_ManyFeasible_DrawsOnlyFromTheNearestConsidered()
    {
        var f = new RoutingFixture(1, 1.5, 2, 2.5, 3, 3.5);
        var policy = new DeadlineAwareRoutingPolicy(maxFeasibleConsidered: 2);
        var random = new RouterRandom(3);
        Span<int> candidates = stackalloc int[8];
        for (int i = 0; i < 50; i++)
        {
            int n = policy.Route(f.Query(10, 2), ref random, candidates);
            Assert.Equal(2, n);
            Assert.Equal([0, 1], candidates[..n].ToArray().Order().ToArray());
        }
    }

    [Fact]
    public void Route_BatchBudget_EveryReplicaIsFeasible()
    {
        var f = new RoutingFixture(1, 50, 200);
        Assert.Equal(3, Route(f, budget: double.PositiveInfinity, exec: 1000).Length);
    }

    [Fact]
    public void Route_ShortSpan_WritesNoMoreThanItHolds()
    {
        var f = new RoutingFixture(1, 1, 1, 1);
        Assert.Single(Route(f, 10, 2, span: 1));
        Assert.Empty(Route(f, 10, 2, span: 0));
    }

    [Fact]
    public void Route_SameSeed_SameDecisions()
    {
        var f = new RoutingFixture(1, 1.2, 1.4, 1.6, 1.8);
        Assert.Equal(Route(f, 10, 2, seed: 42), Route(f, 10, 2, seed: 42));
    }
}
