using Bunsan.Core.Functions;
using Bunsan.Core.Sites;
using Bunsan.Placement.Filters;
using Bunsan.Placement.Pipeline;
using static Bunsan.Placement.Tests.Pipeline.PlacementFixtures;

namespace Bunsan.Placement.Tests.Filters;

public sealed class SiteFilterTests
{
    [Theory]
    [InlineData(SiteHealth.Degraded, "degraded")]
    [InlineData(SiteHealth.Down, "down")]
    public void HealthFilter_UnhealthySite_RejectedNamingItsHealth(SiteHealth health, string word)
    {
        var context = Context(Topology(Site("a", Tokyo, "tokyo", health: health)));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Control), Tokyo));

        string? reason = HealthFilter.Instance.Reject(scope, 0);

        Assert.NotNull(reason);
        Assert.StartsWith("health:", reason, StringComparison.Ordinal);
        Assert.Contains(word, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthFilter_HealthySite_Passes()
    {
        using var scope = SearchedScope(Context(Topology(Site("a", Tokyo, "tokyo"))), Request(Function(LatencyClass.Control), Tokyo));

        Assert.Null(HealthFilter.Instance.Reject(scope, 0));
    }

    [Fact]
    public void JurisdictionFilter_SiteOutsideResidency_RejectedNamingBoth()
    {
        var context = Context(Topology(Site("seoul", new(37.57, 126.98), "seoul", "korea", jurisdiction: "KR"), Site("tokyo", Tokyo, "tokyo")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Interactive, residency: ["jp"]), Tokyo));

        string? reason = JurisdictionFilter.Instance.Reject(scope, 0);

        Assert.NotNull(reason);
        Assert.Contains("KR", reason, StringComparison.Ordinal);
        Assert.Contains("jp", reason, StringComparison.Ordinal);
        Assert.Null(JurisdictionFilter.Instance.Reject(scope, 1));
    }

    [Fact]
    public void JurisdictionFilter_EmptyResidency_AllowsAnywhere()
    {
        var context = Context(Topology(Site("seoul", new(37.57, 126.98), "seoul", jurisdiction: "KR")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Interactive), Tokyo));

        Assert.Null(JurisdictionFilter.Instance.Reject(scope, 0));
    }

    [Fact]
    public void CapacityFilter_NearlyFullSite_RejectedWithFreeAndNeededNumbers()
    {
        // 8 cores at 95% busy leave 0.4 cores: not one 0.5-core invocation fits.
        var context = Context(Topology(Site("a", Tokyo, "tokyo", cores: 8), Site("b", Yokohama, "yokohama", cores: 8)), 0.95, 0.10);
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Control, cores: 0.5), Tokyo));

        string? reason = CapacityFilter.Instance.Reject(scope, 0);

        Assert.NotNull(reason);
        Assert.StartsWith("capacity:", reason, StringComparison.Ordinal);
        Assert.Contains("0.4 of 8 cores", reason, StringComparison.Ordinal);
        Assert.Contains("95%", reason, StringComparison.Ordinal);
        Assert.Null(CapacityFilter.Instance.Reject(scope, 1));
    }

    [Fact]
    public void CapacityFilter_DemandNeedsMoreConcurrencyThanSiteHas_Rejected()
    {
        // 10,000 rps × 100 ms p50 over at most 2 replicas = 500 concurrent × 1 core each: an idle 64-core site is too small.
        var context = Context(Topology(Site("a", Tokyo, "tokyo", cores: 64)));
        var function = Function(LatencyClass.Interactive, min: 1, max: 2, cores: 1, p50: 100, p99: 200);
        var request = new PlacementRequest(function, [new DemandPoint(Tokyo, 10_000)]);
        using var scope = SearchedScope(context, request);

        Assert.Equal(500, scope.MinimumConcurrency);
        Assert.Contains("500 concurrent", CapacityFilter.Instance.Reject(scope, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlineFilter_SiteTooFarForRealtime_RejectedWithTheSum()
    {
        // Tokyo to Osaka is ~400 km: 1 + 0.02 × 400 ≈ 9 ms RTT + 3 ms p99 > 10 ms.
        var context = Context(Topology(Site("osaka", Osaka, "osaka", "kansai"), Site("tokyo", Tokyo, "tokyo")));
        var decision = Place(context, Request(Function(LatencyClass.Realtime), Tokyo), new PlacementOptions { ExplainEverySite = true });

        var verdict = VerdictOf(decision, "osaka");

        Assert.False(verdict.Kept);
        Assert.Equal("deadline", verdict.Stage);
        Assert.Matches(@"best RTT \d+\.\d ms \+ p99 3\.0 ms \+ queue 0\.0 ms = \d+\.\d ms > budget 10 ms", verdict.Reason);
        Assert.True(VerdictOf(decision, "tokyo").Kept);
    }

    [Fact]
    public void DeadlineFilter_BatchFunction_NeverRejects()
    {
        var context = Context(Topology(Site("osaka", Osaka, "osaka", "kansai"), Site("sapporo", Sapporo, "sapporo", "hokkaido")));
        using var scope = SearchedScope(context, Request(Function(LatencyClass.Batch), Fukuoka));

        Assert.Null(DeadlineFilter.Instance.Reject(scope, 0));
        Assert.Null(DeadlineFilter.Instance.Reject(scope, 1));
    }

    [Fact]
    public void DeadlineFilter_BusySiteQueueingPushesPastBudget_Rejected()
    {
        // Ten 1-core slots at 90% utilisation with 6 ms p50 wait ~4.1 ms (Sakasegawa): 1 + 7 + 4.1 > 10 ms,
        // while the same site idle would answer in 8 ms.
        var context = Context(Topology(Site("small", Tokyo, "tokyo", cores: 10)), 0.9);
        var function = Function(LatencyClass.Realtime, cores: 1, p50: 6, p99: 7);
        var decision = Place(context, new PlacementRequest(function, [new DemandPoint(Tokyo, 0)]));

        var verdict = VerdictOf(decision, "small");

        Assert.Equal("deadline", verdict.Stage);
        Assert.Contains("queue", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal([0], decision.UnservedDemand);
    }
}
