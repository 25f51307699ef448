using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Tests.Pipeline;

/// <summary>
/// Invariants over seeded random topologies, functions and demand, checked against a brute-force
/// oracle that evaluates every (demand point, site) pair with no index, no reach and no cap.
/// </summary>
public sealed class PlacementPropertyTests
{
    public static TheoryData<int> Seeds { get; } = [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Place_RandomInputs_HoldsEveryInvariant(int seed)
    {
        var random = new Random(seed);
        var topology = RandomTopologies.Generate(random, 150 + random.Next(350));
        ILatencyModel latency = seed % 3 == 0 ? PhysicalBoundLatencyModel.Instance : LinearLatencyModel.Default;
        var context = new PlacementContext(topology, latency, RandomTopologies.Utilisation(random, topology.Sites.Length));
        var function = RandomTopologies.Function(random);
        var request = RandomTopologies.Demand(random, function, 1 + random.Next(40));

        var decision = new PlacementPipeline().Place(context, request);

        var oracle = new Oracle(context, request);
        Assert.All(decision.Replicas, r =>
        {
            var site = topology.Sites[r.SiteIndex];
            Assert.Equal(SiteHealth.Healthy, site.Health);
            Assert.True(function.AllowsJurisdiction(site.Jurisdiction), $"{site.Id} in {site.Jurisdiction} violates residency");
            Assert.All(r.ServedDemand, d => Assert.True(oracle.Feasible(d, r.SiteIndex), $"{r.SiteId} cannot serve demand {d} in time"));
        });
        Assert.Equal(decision.Replicas.Length, decision.Replicas.Select(r => r.SiteIndex).Distinct().Count());
        Assert.InRange(decision.Replicas.Length, 0, function.MaxReplicas);
        var unserved = Enumerable.Range(0, request.Demand.Length).Where(d => oracle.FeasibleSites(d).Count == 0);
        Assert.Equal(unserved, decision.UnservedDemand);

        if (decision.Replicas.Length == function.MaxReplicas)
        {
            return; // the replica budget ran out: coverage and resilience hold only "where the topology allows"
        }
        for (int d = 0; d < request.Demand.Length; d++)
        {
            var feasible = oracle.FeasibleSites(d);
            var serving = decision.Replicas.Where(r => r.ServedDemand.Contains(d)).Select(r => r.SiteIndex).ToList();
            if (feasible.Count == 0)
            {
                continue;
            }
            Assert.NotEmpty(serving);
            int metrosAvailable = feasible.Select(s => topology.Sites[s].Domains.Metro).Distinct().Count();
            int metrosServing = serving.Select(s => topology.Sites[s].Domains.Metro).Distinct().Count();
            if (metrosAvailable >= 2)
            {
                Assert.True(metrosServing >= 2, $"demand {d}: losing one metro leaves no replica ({metrosAvailable} metros could serve it)");
            }
            else if (feasible.Count >= 2)
            {
                Assert.True(serving.Count >= 2, $"demand {d}: losing one site leaves no replica ({feasible.Count} sites could serve it)");
            }
        }
        Assert.Empty(decision.UncoveredDemand);
        Assert.True(decision.Replicas.Length >= Math.Min(function.MinReplicas, oracle.PassingSites), "too few replicas");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Place_RandomInputsExplained_EveryVerdictAgreesWithTheOracle(int seed)
    {
        var random = new Random(seed + 1000);
        var topology = RandomTopologies.Generate(random, 300);
        var context = new PlacementContext(topology, LinearLatencyModel.Default, RandomTopologies.Utilisation(random, 300));
        var function = RandomTopologies.Function(random);
        var request = RandomTopologies.Demand(random, function, 1 + random.Next(5));

        var decision = new PlacementPipeline(new PlacementOptions { ExplainEverySite = true }).Place(context, request);

        var oracle = new Oracle(context, request);
        Assert.Equal(topology.Sites.Length, decision.Verdicts.Length);
        foreach (var verdict in decision.Verdicts)
        {
            bool passesFilters = oracle.Passes(verdict.SiteIndex);
            bool servesSome = Enumerable.Range(0, request.Demand.Length).Any(d => oracle.Feasible(d, verdict.SiteIndex));
            switch (verdict.Stage)
            {
                case "health" or "jurisdiction" or "capacity":
                    Assert.False(passesFilters, $"{verdict.SiteId} rejected by {verdict.Stage} but passes every filter");
                    break;
                case "deadline":
                    Assert.True(passesFilters && !servesSome && function.Class.HasDeadline, $"{verdict.SiteId}: {verdict.Reason}");
                    break;
                default:
                    Assert.True(passesFilters, $"{verdict.SiteId} at stage {verdict.Stage} fails a filter");
                    Assert.True(servesSome || request.Demand.IsEmpty || !function.Class.HasDeadline, $"{verdict.SiteId} at stage {verdict.Stage} serves no demand");
                    Assert.Equal(verdict.Stage is "selected" or "ranked", verdict.Kept);
                    break;
            }
        }
    }

    /// <summary>Brute force: every site through the same filters, every pair through the latency model.</summary>
    private sealed class Oracle
    {
        private readonly List<int>[] _feasible;
        private readonly HashSet<int> _passing = [];

        public Oracle(PlacementContext context, PlacementRequest request)
        {
            using var scope = new PlacementScope(context, request, SiteIndex.For(context.Topology), PlacementOptions.Default);
            var filters = PlacementOptions.Default.Filters.Select(PlacementComponents.Filter).ToArray();
            _feasible = [.. request.Demand.Select(_ => new List<int>())];
            for (int s = 0; s < context.Topology.Sites.Length; s++)
            {
                if (filters.Any(f => f.Reject(scope, s) is not null))
                {
                    continue;
                }
                PassingSites++;
                _passing.Add(s);
                for (int d = 0; d < request.Demand.Length; d++)
                {
                    if (!request.Function.Class.HasDeadline || scope.TotalMs(d, s, out _, out _) <= scope.BudgetMs)
                    {
                        _feasible[d].Add(s);
                    }
                }
            }
        }

        public int PassingSites { get; }

        public List<int> FeasibleSites(int d) => _feasible[d];

        public bool Feasible(int d, int site) => _feasible[d].Contains(site);

        public bool Passes(int site) => _passing.Contains(site);
    }
}
