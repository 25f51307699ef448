using Bunsan.Core.Functions;
using Bunsan.Core.Sites;
using Bunsan.Placement.Pipeline;
using Bunsan.Placement.Scorers;
using static Bunsan.Placement.Tests.Pipeline.PlacementFixtures;

namespace Bunsan.Placement.Tests.Scorers;

public sealed class SiteScorerTests
{
    private static readonly ChosenDomains None = new();

    [Fact]
    public void DeadlineSlackScorer_NearerSite_ScoresHigher()
    {
        var context = Context(Topology(Site("tokyo", Tokyo, "tokyo"), Site("yokohama", Yokohama, "yokohama")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Realtime), Tokyo));

        double near = DeadlineSlackScorer.Instance.Score(scope, 0, None);
        double far = DeadlineSlackScorer.Instance.Score(scope, 1, None);

        // Tokyo: 1 ms RTT + 3 ms p99 = 4 ms of 10: slack 0.6. Yokohama (~28 km): ~4.6 ms, slack ~0.54.
        Assert.Equal(0.6, near, 3);
        Assert.InRange(far, 0.5, 0.58);
    }

    [Fact]
    public void DeadlineSlackScorer_BatchFunction_ScoresOneEverywhere()
    {
        var context = Context(Topology(Site("sapporo", Sapporo, "sapporo", "hokkaido")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Batch), Fukuoka));

        Assert.Equal(1, DeadlineSlackScorer.Instance.Score(scope, 0, None));
    }

    [Fact]
    public void LoadScorer_BusierSite_ScoresLower()
    {
        var context = Context(Topology(Site("a", Tokyo, "tokyo"), Site("b", Yokohama, "yokohama")), 0.2, 0.7);
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Control), Tokyo));

        Assert.Equal(0.8, LoadScorer.Instance.Score(scope, 0, None), 9);
        Assert.Equal(0.3, LoadScorer.Instance.Score(scope, 1, None), 9);
    }

    [Fact]
    public void EnergyCarbonScorer_GreenerGridAndBetterPue_ScoresHigher()
    {
        var context = Context(Topology(
            Site("coal", Tokyo, "tokyo", gridCarbon: 800, pue: 1.8),
            Site("hydro", Yokohama, "yokohama", gridCarbon: 30, pue: 1.1)));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Batch), Tokyo));

        // (400 − 100) W / 64 cores = 4.69 W per core; × 1.8 × 800 g/kWh = 6.75 g per core-hour.
        Assert.Equal(6.75, EnergyCarbonScorer.GramsPerCoreHour(scope.SiteAt(0)), 2);
        Assert.True(EnergyCarbonScorer.Instance.Score(scope, 1, None) > EnergyCarbonScorer.Instance.Score(scope, 0, None));
    }

    [Fact]
    public void EnergyCarbonScorer_AtReferenceCarbon_ScoresOneHalf()
    {
        // 64 cores, 300 W marginal, PUE 1.5: grid carbon 426.67 g/kWh gives exactly 3 g per core-hour.
        var context = Context(Topology(Site("ref", Tokyo, "tokyo", gridCarbon: 3000.0 / (300.0 / 64 * 1.5))));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Batch), Tokyo));

        Assert.Equal(0.5, EnergyCarbonScorer.Instance.Score(scope, 0, None), 9);
    }

    [Fact]
    public void FailureDomainSpreadScorer_PrefersNewRegionThenNewMetro()
    {
        var context = Context(Topology(
            Site("tokyo-1", Tokyo, "tokyo", "kanto"),
            Site("tokyo-2", Tokyo, "tokyo", "kanto"),
            Site("yokohama", Yokohama, "yokohama", "kanto"),
            Site("osaka", Osaka, "osaka", "kansai")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Interactive), Tokyo));
        var chosen = new ChosenDomains();
        Assert.Equal(1, FailureDomainSpreadScorer.Instance.Score(scope, 1, chosen));

        chosen.Add(scope.Index.MetroOf(0), scope.Index.RegionOf(0));

        Assert.Equal(0, FailureDomainSpreadScorer.Instance.Score(scope, 1, chosen));
        Assert.Equal(0.5, FailureDomainSpreadScorer.Instance.Score(scope, 2, chosen));
        Assert.Equal(1, FailureDomainSpreadScorer.Instance.Score(scope, 3, chosen));
    }

    [Fact]
    public void Place_LoadOnlyWeights_PicksTheIdlerOfTwoEquivalentSites()
    {
        var context = Context(Topology(Site("busy", Tokyo, "tokyo"), Site("idle", Tokyo, "tokyo")), 0.6, 0.1);
        var options = new PlacementOptions { SlackWeight = 0, EnergyWeight = 0, SpreadWeight = 0, LoadWeight = 1 };

        var decision = Place(context, Request(Function(LatencyClass.Control, min: 1, max: 1), Tokyo), options);

        Assert.Equal(["idle"], ReplicaIds(decision));
        Assert.Equal(0.9, VerdictOf(decision, "idle").Score, 9);
    }

    [Fact]
    public void Place_BatchFunction_PicksTheLowestCarbonSite()
    {
        var context = Context(Topology(
            Site("tokyo", Tokyo, "tokyo", gridCarbon: 450),
            Site("sapporo", Sapporo, "sapporo", "hokkaido", gridCarbon: 40),
            Site("osaka", Osaka, "osaka", "kansai", gridCarbon: 350, health: SiteHealth.Down)));

        var decision = Place(context, Request(Function(LatencyClass.Batch, min: 1, max: 1), Fukuoka));

        Assert.Equal(["sapporo"], ReplicaIds(decision));
        Assert.Equal([0], decision.Replicas[0].ServedDemand);
    }
}
