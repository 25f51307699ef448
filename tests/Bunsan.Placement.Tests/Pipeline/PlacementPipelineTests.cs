using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Placement.Pipeline;
using static Bunsan.Placement.Tests.Pipeline.PlacementFixtures;

namespace Bunsan.Placement.Tests.Pipeline;

public sealed class PlacementPipelineTests
{
    [Fact]
    public void Place_RealtimeDemandInTokyo_ChoosesTokyoAreaSitesAndRejectsFarOnes()
    {
        var context = Context(Topology(
            Site("tokyo", Tokyo, "tokyo"),
            Site("yokohama", Yokohama, "yokohama"),
            Site("osaka", Osaka, "osaka", "kansai"),
            Site("sapporo", Sapporo, "sapporo", "hokkaido")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime), Tokyo), new PlacementOptions { ExplainEverySite = true });

        Assert.Equal(["tokyo", "yokohama"], ReplicaIds(decision).Order(StringComparer.Ordinal));
        Assert.All(decision.Replicas, r => Assert.Equal([0], r.ServedDemand));
        Assert.Empty(decision.UnservedDemand);
        Assert.Equal("deadline", VerdictOf(decision, "osaka").Stage);
        Assert.Equal("deadline", VerdictOf(decision, "sapporo").Stage);
    }

    [Fact]
    public void Place_BudgetReachesEverywhere_EveryReplicaServesEveryDemandPoint()
    {
        // 500 ms reaches the whole earth from every point even after the worst queue: coverage is decided without
        // listing the (point, site) pairs, and must still say that each replica serves all five points.
        var context = Context(Topology(
            Site("tokyo", Tokyo, "tokyo"),
            Site("osaka", Osaka, "osaka", "kansai"),
            Site("sapporo", Sapporo, "sapporo", "hokkaido"),
            Site("fukuoka", Fukuoka, "fukuoka", "kyushu")));

        var decision = Place(context, Request(Function(LatencyClass.Interactive, min: 2), Tokyo, Yokohama, Osaka, Sapporo, Fukuoka));

        Assert.Equal(2, decision.Replicas.Length);
        Assert.All(decision.Replicas, r => Assert.Equal([0, 1, 2, 3, 4], r.ServedDemand));
        Assert.Empty(decision.UnservedDemand);
        Assert.Empty(decision.UncoveredDemand);
    }

    [Fact]
    public void Place_DemandNoSiteReachesInTime_ReportedUnserved()
    {
        var context = Context(Topology(Site("tokyo", Tokyo, "tokyo"), Site("osaka", Osaka, "osaka", "kansai")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime), Tokyo, Sapporo));

        Assert.Equal([1], decision.UnservedDemand);
        Assert.Empty(decision.UncoveredDemand);
        Assert.Equal(["tokyo"], ReplicaIds(decision));
    }

    [Fact]
    public void Place_TwoMetrosCanServe_ReplicasSurviveLosingEitherMetro()
    {
        // Three Tokyo sites score best on slack, but losing the Tokyo metro must leave Yokohama.
        var context = Context(Topology(
            Site("tokyo-1", Tokyo, "tokyo"),
            Site("tokyo-2", Tokyo, "tokyo"),
            Site("tokyo-3", Tokyo, "tokyo"),
            Site("yokohama", Yokohama, "yokohama")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime, min: 1, max: 5), Tokyo));

        Assert.Contains("yokohama", ReplicaIds(decision));
        Assert.Contains(decision.Replicas, r => r.SiteId.StartsWith("tokyo", StringComparison.Ordinal));
    }

    [Fact]
    public void Place_OneMetroOnly_StillKeepsASecondSite()
    {
        var context = Context(Topology(Site("tokyo-1", Tokyo, "tokyo"), Site("tokyo-2", Tokyo, "tokyo"), Site("osaka", Osaka, "osaka", "kansai")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime, min: 1, max: 5), Tokyo));

        Assert.Equal(["tokyo-1", "tokyo-2"], ReplicaIds(decision).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Place_MaxReplicasOne_ReportsTheDemandItCouldNotCover()
    {
        var context = Context(Topology(Site("tokyo", Tokyo, "tokyo"), Site("osaka", Osaka, "osaka", "kansai")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime, min: 1, max: 1), Tokyo, Osaka));

        Assert.Single(decision.Replicas);
        Assert.Single(decision.UncoveredDemand);
        Assert.Empty(decision.UnservedDemand);
    }

    [Fact]
    public void Place_DemandLargerThanOneSite_SpreadsOverTwoSites()
    {
        // 4 cores at 0.5 core per call = 8 slots; 2 ms p50 → 2,800 rps per site at the 0.7 target utilisation. Two 3,000 rps points need two sites.
        var context = Context(Topology(Site("a", Tokyo, "tokyo", cores: 4), Site("b", Tokyo, "tokyo", cores: 4)));
        var function = Function(LatencyClass.Realtime, min: 1, max: 2);
        var request = new PlacementRequest(function, [new DemandPoint(Tokyo, 3000), new DemandPoint(Yokohama, 3000)]);

        var decision = Place(context, request);

        Assert.Equal(2, decision.Replicas.Length);
        Assert.Empty(decision.UncoveredDemand);
    }

    [Fact]
    public void Place_MinReplicasAboveWhatCoverNeeds_AddsBestScoringSites()
    {
        var context = Context(Topology(
            Site("tokyo", Tokyo, "tokyo"), Site("yokohama", Yokohama, "yokohama"),
            Site("osaka", Osaka, "osaka", "kansai"), Site("sapporo", Sapporo, "sapporo", "hokkaido")));

        var decision = Place(context, Request(Function(LatencyClass.Interactive, min: 4, max: 6), Tokyo));

        Assert.Equal(4, decision.Replicas.Length);
    }

    [Fact]
    public void Place_NoDemand_PlacesMinReplicasOnHealthySites()
    {
        var context = Context(Topology(Site("down", Tokyo, "tokyo", health: SiteHealth.Down), Site("osaka", Osaka, "osaka", "kansai"), Site("sapporo", Sapporo, "sapporo", "hokkaido")));

        var decision = Place(context, new PlacementRequest(Function(LatencyClass.Realtime, min: 2, max: 3), []));

        Assert.Equal(["osaka", "sapporo"], ReplicaIds(decision).Order(StringComparer.Ordinal));
        Assert.Empty(decision.UnservedDemand);
    }

    [Fact]
    public void Place_ExplainEverySite_GivesEverySiteAVerdictWithoutChangingTheDecision()
    {
        var topology = RandomTopologies.Generate(new Random(7), 400);
        var context = new Bunsan.Placement.PlacementContext(topology, LinearLatencyModel.Default, []);
        var request = Request(Function(LatencyClass.Realtime, min: 1, max: 8), Tokyo, Osaka);

        var plain = Place(context, request);
        var explained = Place(context, request, new PlacementOptions { ExplainEverySite = true });

        Assert.Equal(ReplicaIds(plain), ReplicaIds(explained));
        Assert.True(plain.Verdicts.Length < topology.Sites.Length, "the search should not examine every site");
        Assert.Equal(Enumerable.Range(0, topology.Sites.Length), explained.Verdicts.Select(v => v.SiteIndex));
        Assert.All(explained.Verdicts.Where(v => !v.Kept), v => Assert.False(string.IsNullOrWhiteSpace(v.Reason)));
    }

    [Fact]
    public void Place_SameInputsTwice_SameDecision()
    {
        var topology = RandomTopologies.Generate(new Random(11), 500);
        var context = new Bunsan.Placement.PlacementContext(topology, LinearLatencyModel.Default, RandomTopologies.Utilisation(new Random(12), 500));
        var request = RandomTopologies.Demand(new Random(13), Function(LatencyClass.Immersive, min: 2, max: 12), 20);

        var first = Place(context, request);
        var second = Place(context, request);

        Assert.Equal(first.Replicas.Select(r => (r.SiteId, string.Join(",", r.ServedDemand))), second.Replicas.Select(r => (r.SiteId, string.Join(",", r.ServedDemand))));
        Assert.Equal(first.Verdicts, second.Verdicts);
        Assert.Equal(first.UnservedDemand, second.UnservedDemand);
    }

    [Fact]
    public void Place_SitesAcrossTheAntimeridian_BothSidesFound()
    {
        var context = Context(Topology(
            Site("east", new GeoPoint(-17.0, 179.9), "suva", "fiji", jurisdiction: "FJ"),
            Site("west", new GeoPoint(-17.0, -179.9), "taveuni", "fiji", jurisdiction: "FJ"),
            Site("london", new GeoPoint(51.5, -0.12), "london", "uk", jurisdiction: "GB")));

        var decision = Place(context, Request(Function(LatencyClass.Realtime, min: 1, max: 4), new GeoPoint(-17.0, 179.99)));

        Assert.Equal(["east", "west"], ReplicaIds(decision).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PlacementPipeline_AllWeightsZero_Throws()
    {
        var options = new PlacementOptions { SlackWeight = 0, LoadWeight = 0, EnergyWeight = 0, SpreadWeight = 0 };

        Assert.Throws<ArgumentException>(() => new PlacementPipeline(options));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void PlacementOptions_WeightOutOfRange_Throws(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementOptions { LoadWeight = weight });

    [Fact]
    public void PlacementOptions_UnknownOrDuplicateFilter_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PlacementOptions { Filters = ["health", "nope"] });
        Assert.Throws<ArgumentException>(() => new PlacementOptions { Filters = ["health", "health"] });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementOptions { FeasibleSitesPerDemandPoint = 1 });
    }

    [Fact]
    public void Place_HealthFilterLeftOut_UsesADegradedSite()
    {
        var context = Context(Topology(Site("degraded", Tokyo, "tokyo", health: SiteHealth.Degraded)));
        var options = new PlacementOptions { Filters = ["jurisdiction", "capacity"] };

        Assert.Empty(Place(context, Request(Function(LatencyClass.Realtime), Tokyo)).Replicas);
        Assert.Equal(["degraded"], ReplicaIds(Place(context, Request(Function(LatencyClass.Realtime), Tokyo), options)));
    }

    internal static ImmutableArray<double> NoLoad => [];
}
