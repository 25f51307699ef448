using Bunsan.Core.Geo;
using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

public sealed class RouterPropertyTests
{
    /// <summary>
    /// Over random replica sets, loads, budgets and execution times: the first choice is feasible by the
    /// router's estimates whenever any replica is, and no candidate ever needs more than the budget even idle.
    /// </summary>
    [Fact]
    public void Route_RandomWorlds_NeverPrefersAnInfeasibleSiteWhileAFeasibleOneExists()
    {
        var world = new Random(2026);
        var policy = new DeadlineAwareRoutingPolicy();
        var cells = new OriginCells();
        int cell = cells.Add(new GeoPoint(35.68, 139.76));
        GeoPoint centre = cells.Centre(cell);
        Span<int> candidates = stackalloc int[4];
        int withFeasible = 0;
        for (int trial = 0; trial < 2_000; trial++)
        {
            int n = world.Next(1, 40);
            var locations = Enumerable.Range(0, n)
                .Select(_ => new GeoPoint(35.68 + ((world.NextDouble() - 0.5) * 8), 139.76 + ((world.NextDouble() - 0.5) * 8)))
                .ToArray();
            var table = RoutingTable.Build([.. Enumerable.Range(0, n)], locations, cells, RoutingFixture.Latency);
            var load = new SiteLoadEstimates(n, smoothing: 1);
            for (int s = 0; s < n; s++)
            {
                load.ObserveResponse(s, world.NextDouble() < 0.5 ? 0 : world.NextDouble() * 15, 1, 1);
            }
            double budget = 2 + (world.NextDouble() * 18);
            double exec = world.NextDouble() * 4;
            var random = new RouterRandom((ulong)trial);
            int count = policy.Route(new RoutingQuery(table, cell, budget, exec, load), ref random, candidates);

            bool anyFeasible = Enumerable.Range(0, n).Any(s => RoutingFixture.Latency.RttMs(centre, locations[s]) + load.ExpectedServiceMs(s, exec) <= budget);
            bool anyIdleFeasible = Enumerable.Range(0, n).Any(s => RoutingFixture.Latency.RttMs(centre, locations[s]) + exec <= budget);
            Assert.Equal(anyIdleFeasible, count > 0);
            for (int k = 0; k < count; k++)
            {
                Assert.True(RoutingFixture.Latency.RttMs(centre, locations[candidates[k]]) + exec <= budget + 1e-9);
            }
            if (anyFeasible)
            {
                withFeasible++;
                int first = candidates[0];
                Assert.True(RoutingFixture.Latency.RttMs(centre, locations[first]) + load.ExpectedServiceMs(first, exec) <= budget + 1e-9);
            }
        }
        Assert.True(withFeasible > 500, $"only {withFeasible} trials had a feasible replica: the property was barely exercised");
    }
}
